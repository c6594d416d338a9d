/**
 * Tests of monitor_adapter.py, the exec program the package ships to run a monitor of the original
 * remote-write design (a Python class with get_power and process_data) unchanged.
 */
@NullMarked
package io.jouleflow.dist.exec;

import org.jspecify.annotations.NullMarked;
