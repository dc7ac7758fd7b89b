"""Leak-matrix data for promoted discussions (curation.promotion): a draft practice made from a public topic, in
review, which must show nowhere public (the topic's "curated into the library" mark included) until published."""

from forum import services

PROMOTED_DRAFT = "lkpvynesena"  # in the promoted draft's title and summary only
LEAK_MARKERS = [PROMOTED_DRAFT]


def add_leak_promotion(w, shared):
    from curation.promotion import topic_promote

    w.promoted_topic, _ = services.topic_create(category=w.category, author=w.author, title=f"Обговорення {shared}",
                                                body=f"Як це зробити? {shared}")
    answer = services.post_reply(topic=w.promoted_topic, author=w.member, body=f"Ось так {shared}")
    services.answer_accept(topic=w.promoted_topic, post=answer, user=w.author)
    w.promoted_draft = topic_promote(topic=w.promoted_topic, moderator=w.moderator)
    # As the moderator would shape it in the admin before approving it.
    w.promoted_draft.title = w.promoted_draft.draft_title = f"Практика {PROMOTED_DRAFT} {shared}"
    w.promoted_draft.summary = f"{PROMOTED_DRAFT} {shared}"
    w.promoted_draft.save()
    w.promoted_draft.save_revision(user=w.moderator)


def promoted_pages(w):
    return [w.promoted_topic.get_absolute_url(), w.promoted_draft.url or f"/praktyky/{w.promoted_draft.slug}/"]
