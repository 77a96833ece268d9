from django.core.management.base import BaseCommand, CommandError

from trienkhai.lib.citations import main


class Command(BaseCommand):
    help = (
        "Print the document citations found in a text: `cite FILE --json`, `cite - --json` "
        "(standard input), or `cite --jsonl` (JSON lines {id, text} in, {id, citations} out)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--jsonl", action="store_true")

    def handle(self, *args, file, json, jsonl, **options):
        argv = ["--jsonl"] if jsonl else [file, "--json"]
        code = main(argv)
        if code:
            raise CommandError(f"cite failed with code {code}")
