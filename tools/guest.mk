# tools/guest.mk - guest images (kernel, initramfs, root filesystem), booting them,
# and the boot smoke tests. Included by the Makefile; the recipes are tools/*.sh
# and cache their output under $(TINYVM_CACHE) (docs/GUEST-IMAGES.md).
#
#   make guest-kernel       Debian's arm64 kernel: Image + modules (tools/fetch-kernel.sh)
#   make guest-kernel-own   our kernel, virt drivers built in (tools/build-kernel.sh)
#                           GUEST_KERNEL_IMAGE=/path/Image GUEST_KERNEL_MODULES=/path/mods
#                           takes your own build instead (the note's make modules_install)
#   make guest-initramfs    busybox + virtio/ext4 modules initramfs (tools/build-initramfs.sh)
#   make guest-rootfs       the Debian/Ubuntu ext4 root filesystem (tools/build-rootfs.sh)
#   make run-linux          boot Debian's kernel + the initramfs to a shell on the console
#   make run-rootfs         boot the root filesystem (own kernel, network) to a login prompt
#   make boot-test          the boot smoke tests on tinyvm (tests/boot/)
#   make boot-test-qemu     the same guests on qemu-system-aarch64 (the oracle)
#
# Variables: GUEST_EMU=tinyvm|qemu (what run-* boot on), GUEST_DISTRO=auto|debian|ubuntu,
# GUEST_ROOTFS_SIZE, GUEST_APPEND (extra kernel arguments), TINYVM_CACHE.

TINYVM_CACHE ?= $(HOME)/.cache/tinyvm
export TINYVM_CACHE
GUEST_EMU ?= tinyvm
GUEST_DISTRO ?= debian
GUEST_ROOTFS_SIZE ?= 2G
GUEST_APPEND ?=
GUEST_MEM ?= 1G
GUEST_DIR ?= build/guest
# The boot tests `make test` runs on tinyvm (boot-test-tinyvm): those tinyvm passes
# today: all four (remove one here if a change breaks it, and file an issue).
TINYVM_BOOT_TESTS ?= initramfs failure rootfs smp

GUEST_QEMU := qemu-system-aarch64 -M virt,gic-version=3
GUEST_TOOLS := tools

.PHONY: guest-kernel guest-kernel-own guest-initramfs guest-rootfs guest-images \
        run-linux run-rootfs guest-rootfs-reset boot-test boot-test-qemu boot-test-tinyvm

guest-kernel:
	@$(GUEST_TOOLS)/fetch-kernel.sh

guest-kernel-own:
ifneq ($(GUEST_KERNEL_IMAGE),)
	@$(GUEST_TOOLS)/fetch-kernel.sh --image "$(GUEST_KERNEL_IMAGE)" \
	    $(if $(GUEST_KERNEL_MODULES),--modules "$(GUEST_KERNEL_MODULES)")
else
	@$(GUEST_TOOLS)/build-kernel.sh
endif

guest-initramfs:
	@$(GUEST_TOOLS)/build-initramfs.sh

# The image gets the modules of both kernels, so either boots it.
guest-rootfs:
	@set -e; \
	 deb=$$($(GUEST_TOOLS)/fetch-kernel.sh --quiet | sed -n 's/^KERNEL_DIR=//p'); \
	 own=$$($(GUEST_TOOLS)/build-kernel.sh --quiet | sed -n 's/^KERNEL_DIR=//p'); \
	 $(GUEST_TOOLS)/build-rootfs.sh --distro $(GUEST_DISTRO) --size $(GUEST_ROOTFS_SIZE) \
	     --kernel-dir "$$deb" --kernel-dir "$$own"

guest-images: guest-initramfs guest-rootfs

# tinyvm itself is built first (only for GUEST_EMU=tinyvm).
GUEST_EMU_DEP := $(if $(filter tinyvm,$(GUEST_EMU)),all)

run-linux: deps $(GUEST_EMU_DEP)
	@set -e; eval "$$($(GUEST_TOOLS)/build-initramfs.sh --quiet)"; \
	 if [ "$(GUEST_EMU)" = qemu ]; then emu="$(GUEST_QEMU)"; else emu=./tinyvm; fi; \
	 cmd="$$emu -nographic -cpu max -m $(GUEST_MEM) -kernel $$KERNEL_IMAGE -initrd $$INITRD -append 'console=ttyAMA0 $(GUEST_APPEND)'"; \
	 echo "+ $$cmd"; echo "  (a busybox shell on the console; 'poweroff -f' or Ctrl-A x quits)"; \
	 eval "exec $$cmd"

# run-rootfs boots a working copy ($(GUEST_DIR)/rootfs.ext4) so the cached image
# stays pristine; it persists between runs (make guest-rootfs-reset starts afresh).
run-rootfs: deps $(GUEST_EMU_DEP) guest-rootfs
	@set -e; mkdir -p $(GUEST_DIR); \
	 eval "$$($(GUEST_TOOLS)/build-kernel.sh --quiet)"; \
	 eval "$$($(GUEST_TOOLS)/build-rootfs.sh --quiet --distro $(GUEST_DISTRO) --size $(GUEST_ROOTFS_SIZE) \
	     --kernel-dir $$($(GUEST_TOOLS)/fetch-kernel.sh --quiet | sed -n 's/^KERNEL_DIR=//p') --kernel-dir $$KERNEL_DIR)"; \
	 if [ ! -f $(GUEST_DIR)/rootfs.ext4 ] || [ "$$(cat $(GUEST_DIR)/rootfs.from 2>/dev/null)" != "$$ROOTFS_IMAGE" ]; then \
	     echo "copying $$ROOTFS_IMAGE to $(GUEST_DIR)/rootfs.ext4 (your working copy)"; \
	     cp --sparse=always "$$ROOTFS_IMAGE" $(GUEST_DIR)/rootfs.ext4; echo "$$ROOTFS_IMAGE" >$(GUEST_DIR)/rootfs.from; \
	 fi; \
	 if [ "$(GUEST_EMU)" = qemu ]; then \
	     cmd="$(GUEST_QEMU) -nographic -cpu max -m $(GUEST_MEM) -kernel $$KERNEL_IMAGE -drive file=$(GUEST_DIR)/rootfs.ext4,format=raw,if=none,id=hd0 -device virtio-blk-device,drive=hd0 -netdev user,id=n0 -device virtio-net-device,netdev=n0 -device virtio-rng-device -append 'console=ttyAMA0 root=/dev/vda rw $(GUEST_APPEND)'"; \
	 else \
	     cmd="./tinyvm -nographic -cpu max -m $(GUEST_MEM) -kernel $$KERNEL_IMAGE -drive $(GUEST_DIR)/rootfs.ext4 -nic user -device virtio-rng-device$(if $(GUEST_APPEND), -append 'console=ttyAMA0 root=/dev/vda rw $(GUEST_APPEND)')"; \
	 fi; \
	 echo "+ $$cmd"; echo "  (log in as root/root or tinyvm/tinyvm; 'poweroff' or Ctrl-A x quits)"; \
	 eval "exec $$cmd"

guest-rootfs-reset:
	rm -f $(GUEST_DIR)/rootfs.ext4 $(GUEST_DIR)/rootfs.from

# ---- boot smoke tests (tests/boot/) ----------------------------------------------
boot-test: deps all
	@BOOT_EMU=tinyvm tests/boot/run.sh

boot-test-qemu: deps
	@BOOT_EMU=qemu tests/boot/run.sh

# For `make test`: the boot tests tinyvm is expected to pass now (TINYVM_BOOT_TESTS).
boot-test-tinyvm: all
	@BOOT_EMU=tinyvm tests/boot/run.sh $(TINYVM_BOOT_TESTS)
