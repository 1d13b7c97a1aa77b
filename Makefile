# Steady: `make demo` and `make test` each install missing Debian packages, build, then run.
SHELL := /bin/bash
DEBS := libserialport-dev libopenblas-dev libmujoco-dev
SWIFT_FLAGS := -c release
STEADY := .build/release/steady

.PHONY: all deps build test demo interop tensorboard-check bench clean

all: build

## deps: install the Debian packages Steady links against, if any is missing.
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## build: release build of the library and the `steady` command.
build: deps
	swift build $(SWIFT_FLAGS)

## test: the vendor-SDK interop test, TensorBoard reading Steady's event files, the Python
## sidecar client against a sidecar, kill -9 and SIGSTOP of a sidecar, a small Ray job (a
## killed actor restarted) on a local Ray cluster, then every unit and integration test.
test: build
	bash scripts/interop.sh
	bash scripts/tensorboard_check.sh
	bash scripts/sidecar_check.sh
	bash scripts/sidecar_faults.sh
	bash scripts/ray_check.sh
	swift test $(SWIFT_FLAGS)

## interop: the official Dynamixel and Feetech Python SDKs talk to Steady twins.
interop: build
	bash scripts/interop.sh

## tensorboard-check: TensorBoard (from PyPI) loads a training run's and a deployment run's curves.
tensorboard-check: build
	bash scripts/tensorboard_check.sh

## demo: pretrain a reach policy in randomized sim, deploy it on the shifted SO-101 twin, print success and wear.
demo: build
	bash scripts/demo.sh

## bench: the speed figures the issues ask for.
bench: build
	$(STEADY) bench bus

clean:
	rm -rf .build
