# The registrar. --asap 0.0.0.0 takes the mode's port: 3864 with --credentials (the compose farm), 3863 open. The
# raypool user has the fixed uid 10001 that docker/make-credentials gives the registrars' keys.
FROM raypool/base:bookworm
RUN groupadd --system --gid 10001 raypool && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin raypool
COPY farm-registrar.jar /opt/raypool/farm-registrar.jar
USER raypool
EXPOSE 3863 3864 9901 9902
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/raypool/farm-registrar.jar", "--asap", "0.0.0.0", "--asap-announce", "off"]
