// RayPool glass marbles: the expensive one. Refractive marbles with photon-mapped
// caustics, an area light and focal blur; a good job to split into bands. Its area light is not
// jittered: POV-Ray 3.7 draws jitter from one random stream that runs across the rows, so no band
// could equal the whole frame and farm-submit would keep the frame whole (docs/bands.md).
#version 3.7;
#include "colors.inc"
#include "glass.inc"

global_settings {
  assumed_gamma 1.0
  max_trace_level 12
  photons { spacing 0.004 autostop 0 jitter 0.4 }
}

camera {
  location <0, 2.2, -4.6> look_at <0, 0.25, 0> angle 38
  aperture 0.12 blur_samples 12 focal_point <0, 0.35, -0.3> confidence 0.95 variance 1/2000
}
light_source {
  <-3, 6, -2> color rgb 1.3
  area_light <0.8, 0, 0>, <0, 0, 0.8>, 5, 5 adaptive 1 circular orient
  photons { refraction on reflection on }
}
sky_sphere { pigment { gradient y color_map { [0 rgb <0.9, 0.9, 1>] [1 rgb <0.5, 0.6, 0.8>] } } }

plane { y, 0 pigment { checker rgb <0.95, 0.92, 0.85> rgb <0.75, 0.72, 0.68> scale 0.4 } finish { diffuse 0.8 } }

#declare Seed = seed(2024);
#declare Marble_Colors = array[5] { rgb <0.3, 0.6, 1>, rgb <1, 0.4, 0.3>, rgb <0.4, 1, 0.5>, rgb <1, 0.85, 0.3>, rgb <0.8, 0.5, 1> }
#for (I, 0, 17)
  #declare Rad = 0.12 + 0.12 * rand(Seed);
  #declare Ang = 360 * rand(Seed);
  #declare Dist = 0.2 + 1.4 * rand(Seed);
  sphere {
    0, Rad
    material {
      texture { pigment { Marble_Colors[mod(I, 5)] filter 0.85 } finish { F_Glass1 } }
      interior { ior 1.5 fade_distance 0.5 fade_power 1001 fade_color Marble_Colors[mod(I, 5)] }
    }
    photons { target refraction on reflection on collect off }
    translate <Dist * cos(radians(Ang)), Rad, Dist * sin(radians(Ang))>
  }
#end
