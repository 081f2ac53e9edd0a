"""A small labelled Japanese and Chinese reading log: four topics, three Japanese and two Chinese entries each."""

from __future__ import annotations

from pathlib import Path

CJK_TOPICS = {
    "ml": [
        (
            "ja",
            "機械学習の基礎をもう一度",
            "",
            "教師あり学習と教師なし学習の違い、過学習を防ぐための正則化と交差検証について、具体例で丁寧に説明されていた。",
        ),
        (
            "ja",
            "深層学習で画像認識を始める",
            "",
            "畳み込みニューラルネットワークの仕組みと、学習率やバッチサイズの決め方。転移学習なら少ないデータでも精度が出る。",
        ),
        (
            "ja",
            "大規模言語モデルの学習コスト",
            "",
            "事前学習に必要な計算量とデータ量の見積もり。学習の途中で損失が発散したときの対処も参考になった。",
        ),
        (
            "zh",
            "机器学习入门：从线性回归开始",
            "",
            "用线性回归和逻辑回归解释损失函数、梯度下降和过拟合，最后讲了如何划分训练集和测试集。",
        ),
        ("zh", "深度学习模型的训练技巧", "", "学习率预热、批量归一化和早停，这些技巧让神经网络训练得更稳定。"),
    ],
    "db": [
        (
            "ja",
            "PostgreSQLのインデックス設計",
            "",
            "B木インデックスと部分インデックスの使い分け。実行計画を読んで、遅いクエリの原因がどの索引にあるかを調べる手順。",
        ),
        (
            "ja",
            "トランザクション分離レベル入門",
            "",
            "ダーティリード、ファントムリード、直列化可能性。データベースの同時実行制御がなぜ難しいのかがよく分かる。",
        ),
        (
            "ja",
            "SQLiteを本番で使うという選択",
            "",
            "書き込みが一つのプロセスに限られる代わりに、データベースの運用がとても簡単になる。WALモードとバックアップの話。",
        ),
        (
            "zh",
            "数据库索引的原理",
            "",
            "B+树索引为什么适合范围查询，联合索引的最左前缀原则，以及如何用执行计划找出慢查询。",
        ),
        ("zh", "MySQL事务与锁", "", "事务的隔离级别、行锁和间隙锁，死锁是怎么产生的，数据库如何检测并回滚。"),
    ],
    "cooking": [
        (
            "ja",
            "出汁の取り方を覚える",
            "",
            "昆布と鰹節で取る一番出汁。沸騰させないのがコツで、味噌汁も煮物もこれで味が変わる。",
        ),
        (
            "ja",
            "週末の作り置き料理",
            "",
            "日曜日に野菜を切って下ごしらえし、煮物と和え物を五品作っておく。平日の夕飯作りがずっと楽になった。",
        ),
        (
            "ja",
            "鉄のフライパンの手入れ",
            "",
            "使う前に油をよくなじませ、料理の後はお湯だけで洗う。焦げ付かない焼き方と野菜炒めのコツ。",
        ),
        ("zh", "家常红烧肉的做法", "", "五花肉先焯水，再用冰糖炒糖色，加酱油和料酒小火炖一个小时，肉软糯不腻。"),
        ("zh", "饺子馅怎么调才好吃", "", "猪肉馅要分次加水搅打上劲，白菜先用盐腌出水，包饺子前再加葱姜和香油。"),
    ],
    "music": [
        (
            "ja",
            "ピアノの練習を毎日続けるには",
            "",
            "一日十五分でも毎日弾く。指の練習曲と好きな曲を半分ずつにすると、練習が楽しく続けられる。",
        ),
        (
            "ja",
            "ジャズのコード進行を耳で覚える",
            "",
            "ツーファイブワンの進行を何度も聴いて、ベースの動きからコードを当てる。即興演奏の第一歩。",
        ),
        (
            "ja",
            "クラシック音楽の聴き方",
            "",
            "交響曲の四つの楽章の構成を知ると、初めて聴く曲でも今どこを演奏しているのかが分かる。",
        ),
        ("zh", "吉他和弦入门", "", "先练好C、G、Am、F四个和弦，再用节拍器慢慢练习换和弦，右手的扫弦节奏也很重要。"),
        (
            "zh",
            "如何欣赏交响乐",
            "",
            "了解交响曲的乐章结构和乐器编制，听音乐会之前先听几遍录音，更容易听懂主题的变化。",
        ),
    ],
}


def make_cjk_log(root: Path) -> dict[str, str]:
    """A Japanese workspace holding these entries, one month per topic; returns {relative path: topic}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "読書メモ"\nlanguage = "ja"\n', encoding="utf-8")
    labels = {}
    for month, (topic, entries) in enumerate(CJK_TOPICS.items(), start=1):
        folder = root / "entries" / "2025" / f"{month:02d}"
        folder.mkdir(parents=True)
        for day, (language, title, tags, notes) in enumerate(entries, start=1):
            path = folder / f"{topic}-{language}-{day}.md"
            tagline = f"tags: [{tags}]\n" if tags else ""
            path.write_text(
                f"---\ntype: article\nurl: https://{topic}.example.jp/{day}\ndate: 2025-{month:02d}-"
                f'{day * 3:02d}\ntitle: "{title}"\n{tagline}---\n{notes}\n',
                encoding="utf-8",
            )
            labels[path.relative_to(root).as_posix()] = topic
    return labels
