from newsletter.cli.ending import command

command()
