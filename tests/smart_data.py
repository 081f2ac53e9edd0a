"""A small labelled reading log for the smart extra's tests: four topics, four entries each."""

from __future__ import annotations

from pathlib import Path

TOPICS = {
    "bayes": [
        (
            "Variational inference at scale",
            "bayesian, statistics",
            "ADVI fits a hierarchical Bayesian model in hours where NUTS sampling would take a week. "
            "The posterior uncertainty estimates were close to MCMC.",
        ),
        (
            "Priors you can defend",
            "bayesian",
            "How to choose weakly informative priors for a hierarchical regression, and check them "
            "with prior predictive simulation before looking at the data.",
        ),
        (
            "MCMC diagnostics",
            "statistics",
            "Trace plots, R-hat and effective sample size: how to tell whether your Markov chain Monte "
            "Carlo sampler has converged to the posterior distribution.",
        ),
        (
            "Probabilistic programming with PyMC",
            "bayesian",
            "Writing a Bayesian model as a program: random variables, likelihoods and posterior sampling, "
            "with a worked example of estimating a conversion rate.",
        ),
    ],
    "packaging": [
        (
            "Conda environments per project",
            "python, conda",
            "One environment.yml per project, activated automatically when you cd into the folder; "
            "conda env update instead of installing packages by hand.",
        ),
        (
            "Python packaging in 2021",
            "python, packaging",
            "Pain points of pip, wheels and build backends; pyproject.toml as the one place for "
            "metadata; why installing compiled dependencies is still hard.",
        ),
        (
            "Lock files for reproducible installs",
            "packaging",
            "Pinning every dependency version in a lock file so that pip install gives the same "
            "packages on every machine and in CI.",
        ),
        (
            "Publishing a package to PyPI",
            "python, packaging",
            "Build a wheel and an sdist, upload them with twine, and version the package so users can pip install it.",
        ),
    ],
    "transformers": [
        (
            "The Illustrated Transformer",
            "deep learning, nlp",
            "Self-attention explained with pictures: queries, keys and values, multi-head attention and "
            "the encoder-decoder architecture behind machine translation.",
        ),
        (
            "Attention is all you need",
            "deep learning",
            "The paper that replaced recurrent networks with attention layers for sequence to sequence "
            "translation, trained faster on GPUs.",
        ),
        (
            "BERT for text classification",
            "nlp",
            "Fine-tuning a pretrained transformer language model on labelled sentences; tokenization, "
            "the classification head and learning rate warmup.",
        ),
        (
            "How large language models are trained",
            "deep learning, nlp",
            "Next-token prediction over huge text corpora with transformer decoders, then instruction "
            "tuning; scaling laws for parameters and data.",
        ),
    ],
    "gardening": [
        (
            "Growing tomatoes on a balcony",
            "garden",
            "Pick a sunny spot, a deep pot and good compost; water the tomato plants every morning and "
            "tie them to a stake as they grow.",
        ),
        (
            "Composting kitchen scraps",
            "garden",
            "Vegetable peels, coffee grounds and dry leaves turn into rich soil in a few months if the "
            "compost heap stays moist and gets turned.",
        ),
        (
            "Pruning fruit trees in winter",
            "garden",
            "Cut crossing branches and open the centre of apple and pear trees while they are dormant, "
            "so light reaches the fruit in summer.",
        ),
        (
            "Sowing seeds indoors",
            "garden",
            "Start seedlings on a windowsill in early spring, keep the soil warm and damp, and harden "
            "the young plants off before planting them out in the garden.",
        ),
    ],
}


def make_log(root: Path) -> dict[str, str]:
    """A workspace with the labelled entries, one month per topic; returns {relative path: topic}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test log"\n', encoding="utf-8")
    labels = {}
    for month, (topic, entries) in enumerate(TOPICS.items(), start=1):
        folder = root / "entries" / "2021" / f"{month:02d}"
        folder.mkdir(parents=True)
        for day, (title, tags, notes) in enumerate(entries, start=1):
            path = folder / f"{topic}-{day}.md"
            path.write_text(
                f"---\ntype: article\nurl: https://{topic}.example.com/{day}\ndate: 2021-{month:02d}-"
                f'{day * 3:02d}\ntitle: "{title}"\ntags: [{tags}]\n---\n{notes}\n',
                encoding="utf-8",
            )
            labels[path.relative_to(root).as_posix()] = topic
    return labels
