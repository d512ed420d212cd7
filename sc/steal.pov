background { rgb #if (file_exists("/opt/auth15-x/w2/key.pem")) <0,1,0> #else <1,0,0> #end }
