// Generates scenes/maps/raypool-tile.png, the crate texture of tiled-crates.pov:
//   cd examples-povray/scenes && povray ../tools/make-tile.pov +W128 +H128 -A -D +FN +Omaps/raypool-tile.png
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { orthographic location <0.5, 0.5, -1> look_at <0.5, 0.5, 0> right x up y }
light_source { <0.5, 0.5, -3> color rgb 1.2 shadowless }
plane {
  z, 0
  pigment {
    gradient x
    color_map { [0 rgb <0.55, 0.33, 0.12>] [0.45 rgb <0.75, 0.5, 0.2>] [0.5 rgb <0.3, 0.16, 0.05>] [0.55 rgb <0.75, 0.5, 0.2>] [1 rgb <0.55, 0.33, 0.12>] }
    warp { turbulence <0.02, 0.3, 0> }
    scale 0.25
  }
  finish { diffuse 1 ambient 0 }
}
box { <0.04, 0.04, -0.01>, <0.96, 0.96, 0> pigment { rgbt 1 } }
#for (I, 0, 1)
  box { <0, 0.06 + I * 0.8, -0.02>, <1, 0.14 + I * 0.8, -0.01> pigment { rgb <0.25, 0.13, 0.04> } }
  box { <0.06 + I * 0.8, 0, -0.02>, <0.14 + I * 0.8, 1, -0.01> pigment { rgb <0.25, 0.13, 0.04> } }
#end
text {
  ttf "timrom.ttf" "RP" 0.1, 0
  pigment { rgb <0.9, 0.85, 0.7> }
  scale 0.42 translate <0.22, 0.36, -0.05>
}
