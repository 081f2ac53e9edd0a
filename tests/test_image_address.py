"""What stands where a page's picture address goes, as real pages fill it: a srcset list in an
`<img src>`, a caption, template code (newsletter/links/images.py)."""

from __future__ import annotations

import json

import pytest

from newsletter.links.extract import extract_metadata

URL = "https://news.example.org/2023/11/06/story.html"


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>A story</title>{head}</head><body>{body}</body></html>"


# A theme's lazy-loading script moved the srcset into src: microdata's image is the whole list.
def test_a_srcset_list_in_an_img_src_gives_its_first_address():
    body = (
        '<article itemscope itemtype="https://schema.org/BlogPosting"><h1 itemprop="headline">A story</h1>'
        '<img itemprop="image" src="/wp-content/uploads/a-300x200.jpg 300w, /wp-content/uploads/a-1024x683.jpg 1024w,'
        ' /wp-content/uploads/a.jpg 1600w"></article>'
    )
    assert extract_metadata(page(body=body), URL).image == "https://news.example.org/wp-content/uploads/a-300x200.jpg"


# Industriemagazin: JSON-LD's image is the photo's caption; og:image is the photo.
def test_a_caption_as_image_gives_way_to_the_next_image():
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "image": "Due to Coronavirus Covid-19 airline fleet parked",
    }
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta property="og:image" content="https://cdn.example.org/media/AdobeStock_372820225.jpeg">'
    )
    assert extract_metadata(page(head), URL).image == "https://cdn.example.org/media/AdobeStock_372820225.jpeg"


# Captions and credits with a dot or a slash in them are words too; an address with a space
# still starts as one or names an image file.
@pytest.mark.parametrize(
    "caption", ["Photo by J. Smith", "Getty Images/iStockphoto", "Jane Doe / Reuters", "Mr. Smith at the U.N."]
)
def test_a_credit_as_image_gives_way_to_the_next_image(caption):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "image": [caption]}
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta property="og:image" content="https://cdn.example.org/media/photo.jpeg">'
    )
    assert extract_metadata(page(head), URL).image == "https://cdn.example.org/media/photo.jpeg"


@pytest.mark.parametrize("image", ["/media/IMG 1234.jpg", "https://cdn.example.org/media/my photo.png"])
def test_an_address_with_a_space_is_still_an_address(image):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "image": image}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    assert extract_metadata(page(head), URL).image is not None  # (not refused as a caption)


# Salon: a template's tag left unrun inside the og:image address; the twitter:image is whole.
def test_template_code_in_an_image_address_is_no_address():
    head = (
        '<meta property="og:image"'
        ' content="https://mediaproxy.example.org/width/1200/<?= https://media.example.org/crib.jpg ?>">'
        '<meta name="twitter:image" content="https://media.example.org/2023/11/crib.jpg">'
    )
    assert extract_metadata(page(head), URL).image == "https://media.example.org/2023/11/crib.jpg"


# NBC's Cloudinary addresses hold "1500w," in their path: one address, kept whole.
def test_an_address_with_a_width_in_its_path_is_kept_whole():
    image = "https://media-cldnry.example.org/image/upload/t_fit-1500w,f_auto,q_auto:best/rockcms/2023-12/a.jpg"
    assert extract_metadata(page(f'<meta property="og:image" content="{image}">'), URL).image == image


@pytest.mark.parametrize("size", [("1", "1"), ("1", None), (None, "2")])
def test_an_og_image_declared_a_pixel_gives_way_to_the_next_image(size):
    """A page whose og:image was a 1×1 pixel (og:image:width and height 1: a tracker counting
    who opens the email, or a spacer) had it under a talk's title 544 px wide, a blown-up dot
    of colour, loaded by every reader's mail app. An og:image whose declared width or height is
    under 50 px is no picture (Facebook and X show none under 200 and 144); the next one is read."""
    width, height = size
    head = '<meta property="og:image" content="https://track.example/open.gif?u=42">'
    head += f'<meta property="og:image:width" content="{width}">' if width else ""
    head += f'<meta property="og:image:height" content="{height}">' if height else ""
    head += '<meta name="twitter:image" content="https://cdn.example.org/photo.jpg">'
    assert extract_metadata(page(head), URL).image == "https://cdn.example.org/photo.jpg"


@pytest.mark.parametrize("size", ["0", "1200", "", "large", "1200²", "²"])  # ('²': a digit to isdigit(), not int())
def test_an_og_image_of_an_unknown_or_real_size_is_kept(size):
    head = '<meta property="og:image" content="https://cdn.example.org/og.jpg">'
    head += f'<meta property="og:image:width" content="{size}"><meta property="og:image:height" content="{size}">'
    assert extract_metadata(page(head), URL).image == "https://cdn.example.org/og.jpg"
