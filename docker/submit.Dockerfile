# farm-submit: renders the scenes mounted at /scenes into /output (both given by the compose file or docker run -v).
FROM raypool/base:bookworm
COPY farm-submit.jar /opt/raypool/farm-submit.jar
WORKDIR /scenes
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-jar", "/opt/raypool/farm-submit.jar"]
