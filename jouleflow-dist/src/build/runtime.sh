#!/usr/bin/env bash
# Run by jouleflow-dist's pom at `package`: builds the jlink runtime and stages the package's
# /usr/lib/jouleflow, with the AOT cache of the agent's start-up made by a training run there.
# Arguments: JAVA_HOME (the build's JDK), the shaded agent jar, the repository root, the target
# folder, the package's file time (project.build.outputTimestamp, which jdeb gives every file),
# the package's version (for its changelog).
#
# The cache is made here, not by postinst (measured, see README "systemd"): the JVM accepts a cache
# whose runtime and class path moved together from target/stage to / (the jar at the same place
# relative to the runtime, with the same size and modification time). jdeb gives every file the
# outputTimestamp as its time, so the staged jar gets that time before the training run.
set -euo pipefail
java_home="$1" jar="$2" root="$3" target="$4" timestamp="$5" version="$6"
modules=java.base,java.net.http,jdk.httpserver,jdk.unsupported

runtime="$target/runtime"
rm -rf "$runtime"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$runtime"
# The JDK's native files keep their symbol tables (--strip-debug strips the class files only).
if command -v strip >/dev/null 2>&1; then
  find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) \
    -exec strip --strip-unneeded {} +
else
  echo "runtime.sh: strip (binutils) not found: the runtime keeps its native symbols" >&2
fi

lib="$target/stage/usr/lib/jouleflow"
rm -rf "$target/stage"
mkdir -p "$lib/bin" "$lib/lib" "$lib/plugins"
cp "$root/bin/jouleflow" "$root/bin/find-java" "$lib/bin/"
cp "$jar" "$lib/lib/jouleflow.jar"
cp -a "$runtime" "$lib/runtime"
touch -d "$timestamp" "$lib/lib/jouleflow.jar"

# The changelog a native package carries (Debian policy 12.7).
doc="$target/stage/usr/share/doc/jouleflow"
mkdir -p "$doc"
printf 'jouleflow (%s) unstable; urgency=medium\n\n  * Built from the jouleflow repository; its git log has the changes.\n\n -- jouleflow maintainers <maintainers@jouleflow.invalid>  %s\n' \
  "${version//-/\~}" "$(date -u -R -d "$timestamp")" | gzip -9n >"$doc/changelog.gz"

# Training run: the launcher's flags, start-up, the sensors found here and `measure` of a short
# command. Classes it did not load are loaded as usual later.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The cache is written into the temporary folder (JOULEFLOW_JAVA_OPTS is split on spaces, and the
# checkout's path may hold one), then moved beside the jar.
if ! (cd "$work" && env -i PATH="$PATH" JOULEFLOW_JAVA_OPTS="-XX:AOTCacheOutput=$work/jouleflow.aot -Xlog:aot=error -Xlog:cds=error" \
    "$lib/bin/jouleflow" measure -- true >"$work/out" 2>&1); then
  cat "$work/out" >&2
  echo "runtime.sh: the AOT training run failed" >&2
  exit 1
fi
[ -s "$work/jouleflow.aot" ] || { echo "runtime.sh: no AOT cache was written" >&2; exit 1; }
mv "$work/jouleflow.aot" "$lib/lib/jouleflow.aot"
