"""The post's quotes as the blog shows them, built by a real Hugo: Goldmark's typographer curls a
straight quote by the characters around it, and leaves one between two letters straight."""

import html

from test_post_safety import rendered_post, write_notes

NOTES = """매일 아침 한 문단씩 쓰는 습관. "좋은 문장은 고쳐 쓰기에서 온다"는 말이 남았다.
그는 "고쳐 쓰기"라고 했다. She said "fine"; then "ok".

Left as written: `print("a"b)`, [a link](https://example.com/x 'its "title"s') and <span title="x">"a</span>.

```
"code"는 그대로
```
"""


def test_a_closing_quote_before_a_korean_particle_is_curled_on_the_blog(example_workspace, hugo):
    """Jiwoo's note (new user 37) quoted a sentence and went on with a particle, as Korean does:
    `"좋은 문장은 고쳐 쓰기에서 온다"는 말`. The email curled both quotes; the blog showed
    “좋은 … 온다"는, its closing quote straight, as Goldmark leaves a quote between two letters."""
    write_notes(example_workspace, NOTES)
    built = rendered_post(example_workspace, hugo)
    page = html.unescape(built)  # (Goldmark writes &ldquo;, the post ”)
    assert "“좋은 문장은 고쳐 쓰기에서 온다”는 말" in page
    assert "“고쳐 쓰기”라고" in page
    assert "“fine”; then “ok”" in page
    # code, a link's title and raw HTML are not the reader's prose
    assert 'print("a"b)' in page
    assert '"code"는 그대로' in page
    assert 'title="its &#34;title&#34;s"' in built or 'title="its &quot;title&quot;s"' in built


def test_a_closing_quote_after_a_sentences_end_and_before_a_particle_closes_on_the_blog(example_workspace, hugo):
    """Korean ends a quoted sentence inside its quotes and writes the particle after them:
    `"안녕하세요."라고 했다`. Goldmark takes a quote after punctuation and before a letter for
    one that opens, and the blog showed “안녕하세요.“라고, two opening quotes (found by review 28
    with hugo 0.111.3), worse than the straight one the fix above was for."""
    write_notes(
        example_workspace,
        '인사는 "안녕하세요."라고 했고, 되물음은 "정말?"이라고 했다. English "too." 他说："你好。"然后走了。',
    )
    page = html.unescape(rendered_post(example_workspace, hugo))
    assert "“안녕하세요.”라고 했고, 되물음은 “정말?”이라고 했다" in page
    assert "English “too.”" in page
    assert "他说：“你好。”然后走了" in page  # Chinese's full stop, as Korean's: “你好。“然后 before


def test_a_quote_in_a_title_between_angle_brackets_is_curled_on_the_blog(example_workspace, hugo):
    """Korean names a book or a film between angle brackets, typed as < and >: `<"작은 것들"의
    신>`. That is no HTML tag to Goldmark (a tag's name begins with a letter of ASCII), whose
    typographer treats the quotes inside as text, but closing_quotes took it for one and left its
    quotes alone: “작은 것들"의 on the blog (review 28, hugo 0.111.3)."""
    write_notes(example_workspace, '책 <"작은 것들"의 신>을 읽었다.')
    page = html.unescape(rendered_post(example_workspace, hugo))
    assert "<“작은 것들”의 신>을 읽었다" in page
