// RayPool skyline: a night city whose buildings come from a data file.
// data/skyline.csv holds one building per line: x, z, width, depth, height, style
// (read with #fopen/#read, so the file must travel with the scene).
#version 3.7;
global_settings { assumed_gamma 1.0 }

camera { location <-2.5, 2.2, -7.5> look_at <0.3, 1.6, 3> angle 60 }
light_source { <-20, 25, -15> color rgb <0.35, 0.4, 0.6> }
light_source { <6, 0.4, -6> color rgb <1.0, 0.6, 0.3> fade_distance 6 fade_power 2 }
sky_sphere { pigment { gradient y color_map { [0 rgb <0.25, 0.12, 0.2>] [0.15 rgb <0.05, 0.05, 0.15>] [1 rgb 0.01] } } }
plane { y, 0 pigment { rgb 0.05 } finish { reflection 0.3 specular 0.5 } }

#declare Window_Lights = array[4] { rgb <1, 0.85, 0.5>, rgb <0.6, 0.8, 1>, rgb <1, 0.6, 0.3>, rgb <0.9, 0.9, 0.9> }

#macro Building(X, Z, W, D, H, Style)
  box {
    <-W / 2, 0, -D / 2>, <W / 2, H, D / 2>
    texture {
      pigment {
        cells
        color_map { [0 rgb 0.03] [0.55 rgb 0.03] [0.56 Window_Lights[Style] * 0.9] [1 Window_Lights[Style]] }
        scale <0.09, 0.12, 0.09>
      }
      finish { emission 0.45 diffuse 0.4 }
    }
    texture {
      pigment { gradient y color_map { [0 rgb 0.04] [0.3 rgb 0.04] [0.3 rgbt 1] [1 rgbt 1] } scale 0.12 }
      finish { diffuse 0.5 emission 0 }
    }
    translate <X, 0, Z>
  }
#end

#fopen City "data/skyline.csv" read
#while (defined(City))
  #read (City, X, Z, W, D, H, Style)
  Building(X, Z, W, D, H, Style)
#end
#fclose City
