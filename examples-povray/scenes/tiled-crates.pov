// RayPool crates: a stack of boxes wrapped in an image map (maps/raypool-tile.png,
// made by tools/make-tile.pov) on a reflective floor.
#version 3.7;
global_settings { assumed_gamma 1.0 }

camera { location <3.2, 2.4, -4.2> look_at <0.2, 0.8, 0> angle 48 }
light_source { <6, 9, -7> color rgb 1.1 }
light_source { <-5, 4, -3> color rgb 0.3 shadowless }
background { rgb <0.55, 0.65, 0.8> }

plane { y, 0 pigment { rgb 0.35 } finish { diffuse 0.6 reflection 0.25 } }

#declare Crate = box {
  <0, 0, 0>, <1, 1, 1>
  texture {
    pigment { image_map { png "maps/raypool-tile.png" interpolate 2 } }
    finish { diffuse 0.85 specular 0.1 }
  }
  texture {
    pigment { image_map { png "maps/raypool-tile.png" interpolate 2 } rotate 90 * y }
    finish { diffuse 0.85 specular 0.1 }
  }
  translate <-0.5, 0, -0.5>
}

object { Crate rotate 8 * y translate <-0.6, 0, 0> }
object { Crate rotate -12 * y translate <0.55, 0, 0.1> }
object { Crate rotate 25 * y translate <0, 1, 0.05> }
object { Crate scale 0.6 rotate -30 * y translate <1.4, 0, -1.1> }
