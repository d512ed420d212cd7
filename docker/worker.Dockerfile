# The worker, with POV-Ray. The container is the job's sandbox: bubblewrap is installed, but needs user namespaces
# that Docker's default seccomp profile refuses, so the image runs the worker with --sandbox none as an
# unprivileged user (compose adds: no capabilities, no new privileges, read-only root, a tmpfs for the jobs).
FROM raypool/base:bookworm
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends povray povray-includes bubblewrap \
      >/dev/null && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
    && useradd --system --create-home --shell /usr/sbin/nologin raypool
COPY farm-worker.jar /opt/raypool/farm-worker.jar
USER raypool
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/raypool/farm-worker.jar", "--sandbox", "none"]
