# The target sysroot for Scripts/cross-build: Debian 12 arm64 with the Swift runtime's build
# dependencies and SensorGate's C libraries (docs/cross-build.md). Build it for linux/arm64.
FROM --platform=linux/arm64 swift:6.3-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
        libi2c-dev libgpiod-dev libkissfft-dev libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
