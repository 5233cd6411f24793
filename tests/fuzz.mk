## `make fuzz`: the libFuzzer targets of tests/fuzz (the fdinfo parser,
## the glibc and musl file-action decoders), built with clang and run for
## FUZZ_SECONDS each; fails on any finding, prints the coverage reached.
## Not part of `make check`.  Exits 77 when clang or its libFuzzer runtime
## is missing.  `make fuzz-seeds` rewrites the checked-in seed corpora
## from real inputs.  Included from Makefile.am.

FUZZ_CC = clang
FUZZ_CXX = clang++
FUZZ_SECONDS = 60
FUZZ_TARGETS = fdinfo file-actions-glibc file-actions-musl
FUZZ_MUSL_CC = musl-gcc
FUZZ_LLVM_PROFDATA = llvm-profdata
FUZZ_LLVM_COV = llvm-cov
FUZZ_SEEDS_CC = cc
FUZZ_ENVIRONMENT = top_srcdir='$(top_srcdir)' top_builddir='$(top_builddir)' \
	FUZZ_CC='$(FUZZ_CC)' FUZZ_CXX='$(FUZZ_CXX)' \
	FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_TARGETS='$(FUZZ_TARGETS)' \
	FUZZ_MUSL_CC='$(FUZZ_MUSL_CC)' FUZZ_LLVM_PROFDATA='$(FUZZ_LLVM_PROFDATA)' \
	FUZZ_LLVM_COV='$(FUZZ_LLVM_COV)' SEEDS_CC='$(FUZZ_SEEDS_CC)'

fuzz: $(top_builddir)/config.h
	@$(FUZZ_ENVIRONMENT) bash $(srcdir)/tests/fuzz/run-fuzz.sh

fuzz-seeds:
	@$(FUZZ_ENVIRONMENT) bash $(srcdir)/tests/fuzz/run-fuzz.sh --seeds

clean-fuzz:
	-rm -rf _fuzz

clean-local: clean-fuzz

.PHONY: fuzz fuzz-seeds clean-fuzz
EXTRA_DIST += tests/fuzz.mk \
	tests/fuzz/run-fuzz.sh \
	tests/fuzz/fuzz-input.h \
	tests/fuzz/libc-layouts.h \
	tests/fuzz/fuzz-fdinfo.c \
	tests/fuzz/fuzz-file-actions-glibc.c \
	tests/fuzz/fuzz-file-actions-musl.c \
	tests/fuzz/make-seeds.c \
	tests/fuzz/corpus
