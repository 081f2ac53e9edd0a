from newsletter.cli.launch import run

run()
