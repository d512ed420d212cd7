// RayPool terrain: a height field from a 16-bit greyscale PNG (maps/terrain-height.png,
// made by tools/make-terrain.pov), a lake and a hazy sky.
#version 3.7;
#include "colors.inc"
global_settings { assumed_gamma 1.0 }

camera { location <0.5, 0.42, -0.35> look_at <0.5, 0.12, 0.5> angle 60 }
light_source { <-3, 4, -2> color rgb <1.2, 1.1, 0.95> }
sky_sphere { pigment { gradient y color_map { [0 rgb <0.85, 0.82, 0.75>] [0.3 rgb <0.35, 0.55, 0.9>] } } }
fog { distance 4 color rgb <0.8, 0.82, 0.85> fog_type 2 fog_offset 0.2 fog_alt 0.1 }

height_field {
  png "maps/terrain-height.png"
  smooth
  texture {
    gradient y
    texture_map {
      [0.00 pigment { rgb <0.55, 0.48, 0.30> } finish { diffuse 0.8 }]
      [0.30 pigment { rgb <0.12, 0.35, 0.08> } finish { diffuse 0.8 }]
      [0.55 pigment { rgb <0.20, 0.40, 0.12> } finish { diffuse 0.8 }]
      [0.62 pigment { rgb <0.35, 0.32, 0.28> } finish { diffuse 0.8 }]
      [0.78 pigment { rgb <0.45, 0.43, 0.40> } finish { diffuse 0.8 }]
      [0.80 pigment { White } finish { diffuse 0.9 specular 0.3 }]
    }
  }
  scale <1, 0.35, 1>
}

plane {
  y, 0.07
  pigment { rgbf <0.15, 0.3, 0.45, 0.3> }
  normal { bumps 0.08 scale 0.01 }
  finish { reflection { 0.2 0.7 fresnel on } specular 0.6 }
  interior { ior 1.33 }
}
