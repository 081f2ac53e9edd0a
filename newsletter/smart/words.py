"""Words that say nothing about a topic: left out of quotes' scoring, section names and queries."""

STOP = set(
    """a an the and or but if so of to in on at by for with from as is are was were be been being it its
this that these those i you he she we they me him her us them my your our their what which who whom
do does did have has had not no yes just very really there here then than too also can could would
should will shall may might must about into over out up down more most some any all each much many
get got go going know think say said thing things lot well right yeah like one way""".split()
)
