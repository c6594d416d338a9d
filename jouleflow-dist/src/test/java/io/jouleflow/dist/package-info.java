/** Tests of the package jouleflow-dist builds: its contents, its install, the installed agent. */
@NullMarked
package io.jouleflow.dist;

import org.jspecify.annotations.NullMarked;
