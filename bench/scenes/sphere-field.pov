// RayPool bench scene: a field of reflective and glass spheres under an area light, with focal blur.
// No photons and no radiosity (their pre-passes are paid again by every band) and no jitter (docs/bands.md):
// the kind of frame whose rows alone cost, so bands can share it. About 30 s at 640x480 on one POV-Ray thread.
#version 3.7;
global_settings { assumed_gamma 1.0 max_trace_level 4 }

camera {
  location <0, 3.2, -9> look_at <0, 0.6, 0> angle 44
  aperture 0.25 blur_samples 4 focal_point <0, 0.5, -1.5>
}
light_source { <-6, 10, -6> color rgb 1.1 area_light <1.2, 0, 0>, <0, 0, 1.2>, 4, 4 adaptive 1 circular orient }
light_source { <8, 6, -10> color rgb 0.35 }
sky_sphere { pigment { gradient y color_map { [0 rgb <0.85, 0.88, 1>] [1 rgb <0.35, 0.45, 0.7>] } } }
plane { y, 0 pigment { checker rgb 0.9 rgb 0.25 scale 0.7 } finish { diffuse 0.7 reflection 0.15 } }

#declare R = seed(1407);
#for (I, -5, 5)
  #for (J, -2, 6)
    #declare C = rgb <0.3 + 0.7 * rand(R), 0.3 + 0.7 * rand(R), 0.3 + 0.7 * rand(R)>;
    #if (mod(I + J + 20, 3) = 0)
      sphere { <I * 0.9, 0.4, J * 0.9>, 0.4
        pigment { color C filter 0.85 } finish { reflection 0.08 specular 0.6 }
        interior { ior 1.5 } }
    #else
      sphere { <I * 0.9, 0.4, J * 0.9>, 0.4
        pigment { C } finish { reflection { 0.25 metallic } specular 0.5 roughness 0.02 diffuse 0.6 } }
    #end
  #end
#end
