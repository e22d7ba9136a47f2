# lit configuration for greenc: one behaviour per test file, grouped by area (passes/, driver/, hwmodels/, ...).
import os

import lit.formats

config.name = "greenc"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".c", ".ll", ".test", ".toml"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.greenc_obj_root, "test", "lit")

config.environment["PATH"] = os.pathsep.join(
    [config.greenc_bin_dir, config.llvm_bin_dir, config.environment.get("PATH", "")])
config.environment["GREENC_HWMODELS_DIR"] = os.path.join(config.greenc_src_root, "hwmodels")
config.environment["NO_COLOR"] = "1"
for var in ("HOME", "TMPDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

plugin = os.path.join(config.greenc_lib_dir, "GreencPlugin.so")
config.substitutions.append(("%clang", os.path.join(config.llvm_bin_dir, "clang")))
config.substitutions.append(("%opt", os.path.join(config.llvm_bin_dir, "opt")))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%greencc", os.path.join(config.greenc_bin_dir, "greencc")))
config.substitutions.append(("%greenc", os.path.join(config.greenc_bin_dir, "greenc")))
config.substitutions.append(("%hwdir", os.path.join(config.greenc_src_root, "hwmodels")))
config.substitutions.append(("%examples", os.path.join(config.greenc_src_root, "examples")))
config.substitutions.append(("%kernels", os.path.join(config.greenc_src_root, "test", "kernels")))
config.substitutions.append(("%python", "python3"))

if config.greenc_has_plugin:
    config.available_features.add("plugin")
if config.greenc_sanitize:
    config.available_features.add("asan")
# Tests that run code built with -mavx512f need a CPU that has it.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        if " avx512f" in cpuinfo.read():
            config.available_features.add("avx512f")
except OSError:
    pass
