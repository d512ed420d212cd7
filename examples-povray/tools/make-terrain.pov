// Generates scenes/maps/terrain-height.png, the height field of terrain.pov:
//   cd examples-povray/scenes && povray ../tools/make-terrain.pov +W129 +H129 -A -D +FN16 Grayscale_Output=on +Omaps/terrain-height.png
#version 3.7;
#include "functions.inc"
global_settings { assumed_gamma 1.0 }
camera { orthographic location <0.5, 0.5, -1> look_at <0.5, 0.5, 0> right x up y }
plane {
  z, 0
  pigment {
    function { 0.55 * f_noise3d(x * 4, y * 4, 0) + 0.3 * f_noise3d(x * 11, y * 11, 3) + 0.4 * (1 - min(1, 2 * sqrt((x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5)))) - 0.2 }
    color_map { [0 rgb 0] [1 rgb 1] }
  }
  finish { emission 1 diffuse 0 ambient 0 }
}
