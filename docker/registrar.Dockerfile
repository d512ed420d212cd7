# The registrar: ASAP on port 3863 (TCP, or SCTP where the kernel has it; --transport auto falls back by itself).
FROM raypool/base:bookworm
RUN useradd --system --no-create-home --shell /usr/sbin/nologin raypool
COPY farm-registrar.jar /opt/raypool/farm-registrar.jar
USER raypool
EXPOSE 3863
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/raypool/farm-registrar.jar", "--asap", "0.0.0.0:3863", "--asap-announce", "off"]
