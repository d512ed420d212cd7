// RayPool billiards: a rack of balls on felt under a soft lamp.
// Exercises include files in a subfolder with a nested include
// (inc/colors-raypool.inc -> inc/finishes-raypool.inc).
#version 3.7;
#include "inc/colors-raypool.inc"

global_settings { assumed_gamma 1.0 max_trace_level 6 }

camera { location <0.05, 0.32, -0.25> look_at <0, 0.0, 0.45> angle 40 }

light_source {
  <0, 2.2, 0.2> color rgb 1.25
  area_light <0.6, 0, 0>, <0, 0, 0.6>, 4, 4 adaptive 1 circular orient
}
light_source { <-3, 2, -4> color rgb 0.25 shadowless }

background { RP_Night }

// table: felt bed and wooden cushions
box { <-1.2, -0.05, -0.8>, <1.2, 0, 1.4> texture { T_RP_Felt } }
#for (Side, -1, 1, 2)
  box { <-1.3, -0.05, -0.9>, <-1.2, 0.06, 1.5> texture { T_RP_Wood } scale <Side, 1, 1> }
#end
box { <-1.3, -0.05, 1.4>, <1.3, 0.06, 1.5> texture { T_RP_Wood } }

#declare R = 0.028575;           // regulation ball radius in metres
#declare Ball = 0;
#for (Row, 0, 4)
  #for (K, 0, Row)
    #declare P = <(K - Row / 2) * 2.02 * R, R, 0.45 + Row * sqrt(3) * 1.01 * R>;
    sphere {
      P, R
      texture {
        pigment { RP_Ball_Colors[mod(Ball, 8)] }
        finish { F_RP_Polish }
      }
      #if (Ball > 7)
      texture { pigment { gradient y color_map { [0 RP_Ivory] [0.25 RP_Ivory] [0.25 rgbt 1] [0.75 rgbt 1] [0.75 RP_Ivory] } scale 2 * R translate P - R * y } finish { F_RP_Polish } }
      #end
    }
    #declare Ball = Ball + 1;
  #end
#end
sphere { <0.05, R, -0.25>, R texture { pigment { RP_Ivory } finish { F_RP_Polish } } }

// the cue, resting on the felt
cylinder { <0.12, R, -0.32>, <0.55, 0.08, -1.6>, 0.007 texture { T_RP_Wood } }
