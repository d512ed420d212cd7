// RayPool quickstart: one shiny sphere on a chequered floor.
// Uses only POV-Ray's own include files, so its work package holds just the scene.
#version 3.7;
#include "colors.inc"
#include "textures.inc"

global_settings { assumed_gamma 1.0 }

camera { location <0, 1.6, -4.5> look_at <0, 0.8, 0> angle 45 }
light_source { <4, 7, -5> color White }
light_source { <-6, 3, -2> color Gray40 shadowless }

sky_sphere { pigment { gradient y color_map { [0 rgb <0.7, 0.8, 1.0>] [1 rgb <0.2, 0.35, 0.8>] } } }

plane { y, 0 pigment { checker color White color Gray30 scale 0.75 } finish { diffuse 0.8 } }

sphere {
  <0, 1, 0>, 1
  pigment { color rgb <0.9, 0.25, 0.15> }
  finish { phong 0.9 phong_size 60 reflection 0.15 }
}
