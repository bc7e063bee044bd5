from mtqa.cli import run

run()
