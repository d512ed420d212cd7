// RayPool bounce: quickstart.pov's sphere bouncing, an 8-frame animation driven by bounce.ini.
// Every animation value POV-Ray gives a frame shows in the picture, so a frame rendered with a wrong one
// differs in pixels from the same frame of a local run of the whole animation:
//   clock         the sphere's height and the floor's turn (bounce.ini runs the clock from 0 to 2, not 0 to 1)
//   frame_number  a row of that many small cubes along the front edge of the floor
//   clock_delta   the length of the blue bar behind them
// Render it as POV-Ray would: povray bounce.ini   (or: farm-submit bounce.ini)
#version 3.7;
#include "colors.inc"

global_settings { assumed_gamma 1.0 }

camera { location <0, 2.2, -6> look_at <0, 0.9, 0> angle 45 }
light_source { <4, 7, -5> color White }
light_source { <-6, 3, -2> color Gray40 shadowless }

sky_sphere { pigment { gradient y color_map { [0 rgb <0.7, 0.8, 1.0>] [1 rgb <0.2, 0.35, 0.8>] } } }

plane {
  y, 0
  pigment { checker color White color Gray30 scale 0.75 rotate 20 * clock * y }
  finish { diffuse 0.8 }
}

// Two bounces over the clock's run 0..2: the height is |sin| of the clock.
#declare Height = 1 + 0.8 * abs(sin(clock * pi));
sphere {
  <0, Height, 0>, 1
  pigment { color rgb <0.9, 0.25, 0.15> }
  finish { phong 0.9 phong_size 60 reflection 0.15 }
}

#declare Cube = box { <-0.12, 0, -0.12>, <0.12, 0.24, 0.12> pigment { color rgb <0.95, 0.8, 0.1> } }
#for (I, 1, frame_number)
  object { Cube translate <-1.5 + 0.4 * (I - 1), 0, -1.6> }
#end

box { <-1.5, 0, -1.3>, <-1.5 + 8 * clock_delta, 0.12, -1.1> pigment { color rgb <0.1, 0.3, 0.9> } }
