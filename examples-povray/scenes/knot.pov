// RayPool knot: a polished torus knot from a generated mesh2 include
// (inc/knot-mesh.inc, made by tools/make-knot-mesh.pov) lit by radiosity.
#version 3.7;
#include "inc/colors-raypool.inc"
#include "inc/knot-mesh.inc"

global_settings {
  assumed_gamma 1.0
  radiosity { pretrace_start 0.08 pretrace_end 0.01 count 120 error_bound 0.8 recursion_limit 1 nearest_count 6 }
}

camera { location <0, 5.5, -8> look_at <0, 0.2, 0> angle 42 }
light_source { <8, 12, -6> color rgb 1.2 area_light <2, 0, 0>, <0, 0, 2>, 3, 3 adaptive 1 jitter }
sky_sphere { pigment { gradient y color_map { [0 rgb <0.9, 0.85, 0.8>] [1 rgb <0.35, 0.5, 0.8>] } } }

plane { y, -1.25 pigment { checker rgb 0.8 rgb 0.6 scale 1.5 } finish { diffuse 0.75 } }

object {
  RP_Knot_Mesh
  texture { pigment { rgb <0.85, 0.55, 0.2> } finish { F_RP_Metal } }
  rotate -15 * y
}
