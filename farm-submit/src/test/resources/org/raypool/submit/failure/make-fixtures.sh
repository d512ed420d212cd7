#!/bin/sh
# Makes the render logs of this folder: real POV-Ray 3.7 runs through the real ssrun (examples-povray/ssrun) on
# scenes that fail in the ways RenderFailure tells apart. Run from the repository root:
#   sh farm-submit/src/test/resources/org/raypool/submit/failure/make-fixtures.sh
# Each log is the output.txt that ssrun packs into the results, as a worker sends it back.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ssrun=$(pwd)/examples-povray/ssrun/ssrun
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# scene <case> <file> : the scene text comes on stdin, into <case>/<file>
scene() {
    mkdir -p "$work/$1/$(dirname "$2")"
    cat > "$work/$1/$2"
}

# render <case> <scene file> [job.conf line...] : runs ssrun in the case folder, keeps output.txt as <case>.txt
render() {
    case=$1 file=$2
    shift 2
    cp "$ssrun" "$work/$case/ssrun"
    { printf 'scene=%s\nwidth=32\nheight=24\nantialias=0.3\n' "$file"; for line in "$@"; do printf '%s\n' "$line"; done; } \
        > "$work/$case/job.conf"
    (cd "$work/$case" && HOME=/nonexistent ./ssrun output.data "" "" "")
    echo "$case: ssrun exit $?"
    cp "$work/$case/output.txt" "$here/$case.txt"
}

# limited <case> <bytes> : like render, with POV-Ray's address space limited as farm-worker's --max-memory does
limited() {
    case=$1 bytes=$2
    cp "$ssrun" "$work/$case/ssrun"
    printf 'scene=scene.pov\nwidth=32\nheight=24\nantialias=0.3\n' > "$work/$case/job.conf"
    (cd "$work/$case" && HOME=/nonexistent prlimit --as="$bytes" -- ./ssrun output.data "" "" "")
    echo "$case: ssrun exit $?"
    cp "$work/$case/output.txt" "$here/$case.txt"
}

# killed <case> <signal> : like render, but sends <signal> to POV-Ray (by its pid) while it parses
killed() {
    case=$1 signal=$2
    cp "$ssrun" "$work/$case/ssrun"
    printf 'scene=scene.pov\nwidth=32\nheight=24\nantialias=0.3\n' > "$work/$case/job.conf"
    (cd "$work/$case" && exec env HOME=/nonexistent ./ssrun output.data "" "" "") &
    runner=$!
    povray=
    while [ -z "$povray" ]; do sleep 0.2; povray=$(pgrep -P "$runner"); done
    sleep 1
    kill "-$signal" "$povray"
    wait "$runner"
    echo "$case: ssrun exit $?"
    cp "$work/$case/output.txt" "$here/$case.txt"
}

scene parse-error bad.pov <<'SDL'
#include "colors.inc"
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color White }

sphere {
  <0, 1, 2>, 2
  texture { pigment { color Yellow } }

camera { location <0, 0, -5> }
SDL
render parse-error bad.pov

scene undeclared-identifier bad.pov <<'SDL'
#include "colors.inc"
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color White }
sphere { <0, 1, 2>, 2 texture { pigment { color Yelow } } }
SDL
render undeclared-identifier bad.pov

scene missing-include scene.pov <<'SDL'
#include "colors.inc"
#include "mystuff.inc"
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color White }
sphere { <0, 1, 2>, 2 pigment { Red } }
SDL
render missing-include scene.pov

# a standard include the worker's POV-Ray lacks: POV-Ray started with a povray.ini without Library_Path
scene missing-system-include scene.pov <<'SDL'
#include "colors.inc"
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color White }
sphere { <0, 1, 2>, 2 pigment { Red } }
SDL
: > "$work/missing-system-include/empty.ini"
export POVINI="$work/missing-system-include/empty.ini"
render missing-system-include scene.pov
unset POVINI

scene error-directive scene.pov <<'SDL'
#declare Radius = -1;
#if (Radius < 0)
  #error "Radius must be positive"
#end
camera { location <0, 2, -3> look_at <0, 1, 2> }
SDL
render error-directive scene.pov

scene subfolder-include-error scene.pov <<'SDL'
#include "colors.inc"
#include "inc/shapes.inc"
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color White }
object { MyShape }
SDL
scene subfolder-include-error inc/shapes.inc <<'SDL'
// my shapes
#declare MyShape = sphere {
  <0, 1, 2>, 2
  pigment { color rgb <1, 0, 0> }
  finish { phong 0.5 reflektion 0.2 }
}
SDL
render subfolder-include-error scene.pov

scene missing-image scene.pov <<'SDL'
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color rgb 1 }
plane { y, 0 pigment { image_map { png "textures/wood.png" } } }
SDL
render missing-image scene.pov

# a macro of POV-Ray's own shapes.inc called with a string: POV-Ray names the system include
scene system-include-error scene.pov <<'SDL'
#include "colors.inc"
#include "shapes.inc"
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color White }
object { Round_Box(<0,0,0>, <1,1,1>, "x", 0) }
SDL
render system-include-error scene.pov

# an INI file with a key POV-Ray does not know
scene bad-ini-option scene.pov <<'SDL'
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color rgb 1 }
sphere { <0, 1, 2>, 2 pigment { color rgb <1, 0, 0> } }
SDL
printf 'Input_File_Name=scene.pov\nBogus_Key=3\n' > "$work/bad-ini-option/anim.ini"
render bad-ini-option scene.pov option=anim.ini

# out of memory while parsing: a 300 MB address-space limit
scene out-of-memory scene.pov <<'SDL'
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color rgb 1 }
#declare A = array[20000000];
#declare I = 0;
#while (I < 20000000)
  #declare A[I] = <I, I, I>;
  #declare I = I + 1;
#end
sphere { <0, 1, 2>, 2 pigment { color rgb <1, 0, 0> } }
SDL
limited out-of-memory 300000000

# so little memory that POV-Ray cannot start its threads: it aborts (SIGABRT)
scene crash-abort scene.pov <<'SDL'
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color rgb 1 }
sphere { <0, 1, 2>, 2 pigment { color rgb <1, 0, 0> } }
SDL
limited crash-abort 50000000

for run in killed-sigkill:KILL crashed-sigsegv:SEGV; do
    scene "${run%%:*}" scene.pov <<'SDL'
camera { location <0, 2, -3> look_at <0, 1, 2> }
light_source { <2, 4, -3> color rgb 1 }
#declare I = 0;
#while (I < 100000000)
  #declare I = I + 1;
#end
sphere { <0, 1, 2>, 2 pigment { color rgb <1, 0, 0> } }
SDL
    killed "${run%%:*}" "${run#*:}"
done

scene povray-missing scene.pov <<'SDL'
camera { location <0, 2, -3> look_at <0, 1, 2> }
SDL
export RAYPOOL_POVRAY=povray-not-installed
render povray-missing scene.pov
unset RAYPOOL_POVRAY

scene ssrun-failed scene.pov <<'SDL'
camera { location <0, 2, -3> look_at <0, 1, 2> }
SDL
render ssrun-failed scene.pov bogus=1
