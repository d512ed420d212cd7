# The worker, with POV-Ray. bubblewrap is installed, but needs user namespaces that Docker's default seccomp profile
# refuses, so the image runs the worker with --sandbox none and the container is the jobs' sandbox (docker/README.md).
# The worker runs as root so that its jobs run as nobody (setpriv; docs/sandbox.md) and cannot read its key
# (/credentials/key.pem, mode 600, root's); compose leaves root only the capabilities that takes.
FROM raypool/base:bookworm
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends povray povray-includes bubblewrap \
      >/dev/null && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
COPY farm-worker.jar /opt/raypool/farm-worker.jar
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/raypool/farm-worker.jar", "--sandbox", "none"]
