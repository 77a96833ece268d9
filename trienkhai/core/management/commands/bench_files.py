"""Benchmark of hostile and legitimate office files (docs/benchmarks.md): how long the
limits take to refuse each crafted file of the security review, with the peak memory
of the process that read it, against the floor of unzipping the same file; and what the
check adds to reading a large real workbook."""

import io
import multiprocessing
import resource
import statistics
import time

from django.core.management.base import BaseCommand
from openpyxl import Workbook

from trienkhai.core import officefiles
from trienkhai.core.spreadsheets import read_workbook, sheet_rows
from trienkhai.testing import officefiles as craft


def crafted():
    """The review's crafted files, and one of a million empty elements."""
    return {
        "xlsx, 2,000,000 shared strings": (
            "xlsx",
            craft.xlsx(craft.rows(("a",)), shared=["<si><t>x</t></si>" * 2_000_000]),
        ),
        "xlsx, a cell in column XFD": (
            "xlsx",
            craft.xlsx('<row r="1"><c r="XFD1" t="inlineStr"><is><t>a</t></is></c></row>'),
        ),
        "xlsx, declared A1:XFD1048576": (
            "xlsx",
            craft.xlsx(craft.rows(("a", "b")), dimension="A1:XFD1048576"),
        ),
        "xlsx, 1,000,000 elements in styles": (
            "xlsx",
            craft.xlsx(
                craft.rows(("a",)),
                extra={"xl/styles.xml": "<styleSheet>" + "<a/>" * 1_000_000 + "</styleSheet>"},
            ),
        ),
        "xlsx, broken XML": (
            "xlsx",
            craft.xlsx(craft.rows(("a",)), extra={"xl/styles.xml": "<a><b></a>"}),
        ),
        "docx, 300,000 paragraphs": ("docx", craft.docx("<w:p/>" * 300_000)),
    }


def legitimate(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tên", "Cấp trên", "Cấp", "Loại", "Địa chỉ", "Số người"])
    for n in range(rows):
        sheet.append([f"DV-{n}", f"Đơn vị số {n}", "TU-38", "Cấp xã", "Đảng ủy", f"Thôn {n}", n])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def read(kind, data):
    try:
        if kind == "docx":
            officefiles.docx_lines(data)
        else:
            for sheet in read_workbook(data).worksheets:
                for _row in sheet_rows(sheet):
                    pass
    except ValueError:
        return "refused"
    return "read"


def unzip(data):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            with archive.open(name) as part:
                while part.read(1 << 20):
                    pass


def _child(kind, data, queue):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = read(kind, data)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((outcome, seconds * 1000, (peak - before) / 1024))


def measured(kind, data):
    """(outcome, ms, MB of peak memory added) in a fresh process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(kind, data, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def median_ms(fn, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--rows", type=int, default=50_000)

    def handle(self, *args, runs, rows, **options):
        self.stdout.write(
            "| file | size | outcome | median ms | worst ms | peak MB | floor: unzip ms |"
        )
        self.stdout.write("|---|---:|---|---:|---:|---:|---:|")
        for label, (kind, data) in crafted().items():
            results = [measured(kind, data) for _ in range(runs)]
            times = sorted(r[1] for r in results)
            floor = median_ms(lambda data=data: unzip(data), runs)
            self.stdout.write(
                f"| {label} | {len(data) / 1024:.1f} KB | {results[0][0]} | "
                f"{statistics.median(times):.0f} | {times[-1]:.0f} | "
                f"{max(r[2] for r in results):.0f} | {floor:.0f} |"
            )
        data = legitimate(rows)
        from openpyxl import load_workbook

        def openpyxl_alone():
            for _row in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(
                values_only=True
            ):
                pass

        alone = median_ms(openpyxl_alone, runs)
        checked = median_ms(lambda: read("xlsx", data), runs)
        check = median_ms(lambda: officefiles.check_xlsx(data), runs)
        self.stdout.write(
            f"\nA real workbook of {rows:,} rows × 7 columns ({len(data) / 1024:.0f} KB): "
            f"openpyxl alone {alone:.0f} ms; the check {check:.0f} ms; "
            f"checked and read {checked:.0f} ms ({checked / alone:.2f}× openpyxl alone)."
        )
