import time

from django.core.management.base import BaseCommand, CommandError

from trienkhai.orgs import synthetic


class Command(BaseCommand):
    help = "Generate a synthetic national tree (34 provinces down to cells) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=34)
        parser.add_argument("--districts", type=int, default=10, help="per province")
        parser.add_argument("--communes", type=int, default=15, help="per district")
        parser.add_argument("--cells", type=int, default=19, help="per commune")
        parser.add_argument("--replace", action="store_true", help="delete the old one first")

    def handle(self, *args, **o):
        shape = synthetic.Shape(o["provinces"], o["districts"], o["communes"], o["cells"])
        if o["replace"]:
            synthetic.delete()
        elif synthetic.exists():
            raise CommandError("A synthetic tree exists; use --replace to rebuild it.")
        started = time.perf_counter()
        created = synthetic.build(shape)
        self.stdout.write(f"{created} synthetic units in {time.perf_counter() - started:.1f} s")
