#!/usr/bin/env bash
# Prints what attribution's cgroup reading costs here: N real cgroups (default 500) under the
# machine's cgroup v2 hierarchy, the CPU time of one reading and of one discovery walk, and the
# share of one core at 1 s and 100 ms intervals. Needs root and a writable v2 (or hybrid) hierarchy.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/bin/find-java"
cd "$root"
./mvnw -o -q -B test-compile -pl jouleflow-agent -am -Dspotless.check.skip=true
./mvnw -o -q -B dependency:build-classpath -pl jouleflow-agent -am -Dmdep.outputFile=target/cost.classpath
cp="$(cat jouleflow-agent/target/cost.classpath)"
"$JAVA" ${JOULEFLOW_JAVA_OPTS:-} -cp "jouleflow-agent/target/test-classes:jouleflow-agent/target/classes:jouleflow-api/target/classes:$cp" \
  io.jouleflow.agent.attribution.CgroupReadCost "${1:-500}"
