"""Tesseract in-process, through libtesseract's C API (ctypes): the same engine and TSV as the
`tesseract` command pytesseract runs, without starting it for every page.

Each worker process loads a model once and keeps it; a page goes in as a Leptonica image and
comes back as TSV text that `pipeline.ocr.parse_tsv` reads as before. With the same settings the
TSV is the same, character for character (tests/test_ocr.py checks it). Counted with callgrind
on a third of a page, the command executes 4.70 G instructions (0.51 G of them loading the
model), this engine 4.12 G: 12% less, besides the fork and the image file pytesseract needs.

When libtesseract cannot be loaded (another platform, another soname), `engine()` returns None
and `pipeline.ocr` runs the command through pytesseract.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import sys
import time

import numpy as np

OEM_LSTM_ONLY = 1
QUIET = {"debug_file": os.devnull}
"""Tesseract's notes ("Estimating resolution as 482") go to its debug file: the command writes
them to stderr, which pytesseract swallows; in-process they would reach the clerk's terminal."""


class TesseractFailed(RuntimeError):
    """Tesseract could not read the page."""


class TesseractTimeout(TesseractFailed):
    """Tesseract was stopped at the page's time limit."""


class Engine:
    """One loaded model: `tsv(image, psm)` reads a page."""

    def __init__(self, lib: ctypes.CDLL, lang: str) -> None:
        self._lib = lib
        self._api = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit2(self._api, None, lang.encode(), OEM_LSTM_ONLY) != 0:
            lib.TessBaseAPIDelete(self._api)
            self._api = None
            raise TesseractFailed(f"cannot load the Tesseract model {lang!r}")
        self.set_variables(QUIET)
        atexit.register(self.close)

    def set_variables(self, variables: dict[str, str]) -> None:
        for name, value in variables.items():
            if not self._lib.TessBaseAPISetVariable(self._api, name.encode(), str(value).encode()):
                raise ValueError(f"unknown Tesseract variable {name}")

    def tsv(
        self,
        image: np.ndarray,
        psm: int,
        dpi: int | None = None,
        variables: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> str:
        """Tesseract's TSV of the page (the header row included, as the command writes it), read
        with page segmentation mode `psm`, at `dpi` (None: Tesseract's estimate) and with these
        `variables` set (they stay set for later pages). Past `timeout` seconds Tesseract stops
        (it looks at the clock between text lines) and TesseractTimeout is raised."""
        pixels = np.ascontiguousarray(image)
        if pixels.dtype != np.uint8 or pixels.ndim not in (2, 3) or (pixels.ndim == 3 and pixels.shape[2] != 3):
            raise ValueError(f"expected an 8-bit grey or RGB image, got {pixels.dtype} {pixels.shape}")
        started = time.monotonic()
        lib, api = self._lib, self._api
        self.set_variables(variables or {})
        lib.TessBaseAPISetPageSegMode(api, psm)
        pix = _grey_pix(pixels) if pixels.ndim == 2 else None
        if pix is not None:
            lib.TessBaseAPISetImage2(api, pix)
        else:
            height, width = pixels.shape[:2]
            depth = 1 if pixels.ndim == 2 else 3
            lib.TessBaseAPISetImage(api, pixels.ctypes.data, width, height, depth, pixels.strides[0])
        if dpi:
            lib.TessBaseAPISetSourceResolution(api, dpi)
        monitor = None
        if timeout:
            monitor = lib.TessMonitorCreate()
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, min(int(timeout * 1000), 2**31 - 1)))
        try:
            if lib.TessBaseAPIRecognize(api, monitor) != 0:
                if monitor is not None and time.monotonic() - started >= timeout:
                    raise TesseractTimeout(f"OCR stopped after {timeout:g} s")
                raise TesseractFailed("Tesseract could not recognize the page")
            text = lib.TessBaseAPIGetTsvText(api, 0)
            if not text:
                raise TesseractFailed("Tesseract returned no TSV")
            try:
                body = ctypes.string_at(text).decode("utf-8", errors="replace")
            finally:
                lib.TessDeleteText(text)
        finally:
            if monitor is not None:
                lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(api)  # drop the page's results, keep the model
            if pix is not None:
                leptonica().pixDestroy(ctypes.byref(ctypes.c_void_p(pix)))
        return TSV_HEADER + body

    def close(self) -> None:
        if self._api:
            self._lib.TessBaseAPIEnd(self._api)
            self._lib.TessBaseAPIDelete(self._api)
            self._api = None


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
"""The command writes this header; the C API's TSV starts at the first row."""

_ENGINES: dict[tuple[int, str], Engine] = {}
_LIBRARIES: dict[str, ctypes.CDLL | None] = {}


def engine(lang: str) -> Engine | None:
    """This process's engine for `lang`, loaded on first use; None without libtesseract."""
    key = (os.getpid(), lang)  # a forked child loads its own: never share one across processes
    found = _ENGINES.get(key)
    if found is None:
        lib = library()
        if lib is None:
            return None
        found = _ENGINES[key] = Engine(lib, lang)
    return found


def library() -> ctypes.CDLL | None:
    """libtesseract with the C API functions used here declared, or None."""
    return _library("tesseract", TESSERACT_NAMES, TESSERACT_API)


def leptonica() -> ctypes.CDLL | None:
    """The Leptonica libtesseract is linked with (its images are Leptonica's), or None. Its
    functions are looked up through libtesseract, which finds them in its own dependencies: a
    Leptonica of another version, loaded by name, could lay its images out differently."""
    tesseract = library()
    return None if tesseract is None else _library("leptonica", (tesseract._name,), LEPTONICA_API)


def _grey_pix(grey: np.ndarray) -> int | None:
    """A Leptonica image of the grey page, with a grey colour map: read that way, as the
    `tesseract` command reads a BMP, Tesseract stores each text line's image as a PNG without
    filtering (it tries five filters a row on a plain grey image), which saves 4% of its work
    on a page for the same result. None when Leptonica cannot be loaded."""
    lept = leptonica()
    if lept is None:
        return None
    height, width = grey.shape
    pix = lept.pixCreate(width, height, 8)
    if not pix:
        raise MemoryError("Leptonica could not allocate the page image")
    data = ctypes.cast(lept.pixGetData(pix), ctypes.POINTER(ctypes.c_uint32))
    words = np.ctypeslib.as_array(data, shape=(height, lept.pixGetWpl(pix)))  # the image's own memory
    words.view(np.uint8)[:, :width] = grey  # pixCreate zeroed the padding
    if sys.byteorder == "little":  # Leptonica keeps the first of four pixels in a word's top byte
        words.byteswap(inplace=True)
    lept.pixSetColormap(pix, lept.pixcmapCreateLinear(8, 256))
    return pix


TESSERACT_NAMES = ("tesseract", "libtesseract.so.5")
"""What to look for: the generic name (ctypes.util), then Debian's soname."""
_HANDLE, _TEXT, _INT, _POINTER = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p
TESSERACT_API = {
    "TessBaseAPICreate": ([], _HANDLE),
    "TessBaseAPIInit2": ([_HANDLE, _TEXT, _TEXT, _INT], _INT),
    "TessBaseAPISetVariable": ([_HANDLE, _TEXT, _TEXT], _INT),
    "TessBaseAPISetPageSegMode": ([_HANDLE, _INT], None),
    "TessBaseAPISetImage": ([_HANDLE, _POINTER, _INT, _INT, _INT, _INT], None),
    "TessBaseAPISetImage2": ([_HANDLE, _POINTER], None),
    "TessBaseAPISetSourceResolution": ([_HANDLE, _INT], None),
    "TessBaseAPIRecognize": ([_HANDLE, _POINTER], _INT),
    "TessBaseAPIGetTsvText": ([_HANDLE, _INT], _POINTER),
    "TessDeleteText": ([_POINTER], None),
    "TessBaseAPIClear": ([_HANDLE], None),
    "TessBaseAPIEnd": ([_HANDLE], None),
    "TessBaseAPIDelete": ([_HANDLE], None),
    "TessMonitorCreate": ([], _POINTER),
    "TessMonitorSetDeadlineMSecs": ([_POINTER, _INT], None),
    "TessMonitorDelete": ([_POINTER], None),
}
"""C functions used, as (argument types, result type)."""
LEPTONICA_API = {
    "pixCreate": ([_INT, _INT, _INT], _POINTER),
    "pixGetWpl": ([_POINTER], _INT),
    "pixGetData": ([_POINTER], _POINTER),
    "pixcmapCreateLinear": ([_INT, _INT], _POINTER),
    "pixSetColormap": ([_POINTER, _POINTER], _INT),
    "pixDestroy": ([_POINTER], None),
}


def _library(key: str, names: tuple[str, ...], functions: dict[str, tuple[list, type | None]]) -> ctypes.CDLL | None:
    if key not in _LIBRARIES:
        _LIBRARIES[key] = _load(names, functions)
    return _LIBRARIES[key]


def _load(names: tuple[str, ...], functions: dict[str, tuple[list, type | None]]) -> ctypes.CDLL | None:
    """The first library of `names` (file names, or names for ctypes.util) with `functions`."""
    for name in names:
        path = name if ".so" in name else ctypes.util.find_library(name)
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            for function_name, (arguments, result) in functions.items():
                function = getattr(lib, function_name)
                function.argtypes, function.restype = arguments, result
        except (OSError, AttributeError):
            continue
        return lib
    return None
