"""StreamField blocks shared by the knowledge base pages, each with its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.rich_text import RichText
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "blockquote"]


def _restricted_for(context):
    """The collections this visitor may not see (empty for members, who may see them all)."""
    from cop.members.roles import is_member

    from .privacy import restricted_collection_ids

    request = (context or {}).get("request")
    if request is not None and is_member(request.user):
        return set()
    return set(restricted_collection_ids())


class PrivacyAwareBlockMixin:
    """A block showing a document or image renders nothing to visitors who may not see its collection: the
    file itself is protected, and its title, caption and URL must not reveal it either."""

    chosen_field = None

    def render(self, value, context=None):
        chosen = value.get(self.chosen_field) if value else None
        if chosen is None or chosen.collection_id in _restricted_for(context):
            return ""
        return super().render(value, context)


class PrivacyAwareRichTextBlock(blocks.RichTextBlock):
    """Rich text whose links to documents the visitor may not see are shown as plain text."""

    def render(self, value, context=None):
        from .privacy import unlink_restricted_documents

        restricted = _restricted_for(context) if value and 'linktype="document"' in value.source else set()
        if restricted:
            value = RichText(unlink_restricted_documents(value.source, restricted))
        return super().render(value, context)


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        form_classname = "title"
        template = "knowledge/blocks/heading.html"
        label = _("Heading")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "knowledge/blocks/quote.html"
        label = _("Quote")


class CaptionedImageBlock(PrivacyAwareBlockMixin, blocks.StructBlock):
    chosen_field = "image"
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), required=False, max_length=300, help_text=_("Describe the image for people who cannot see it.")
    )

    class Meta:
        icon = "image"
        template = "knowledge/blocks/image.html"
        label = _("Image")


class DocumentBlock(PrivacyAwareBlockMixin, blocks.StructBlock):
    chosen_field = "document"
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "knowledge/blocks/document.html"
        label = _("Document")


class PracticeStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = PrivacyAwareRichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph"))
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    document = DocumentBlock()
    table = TableBlock(label=_("Table"), template="knowledge/blocks/table.html")
    embed = EmbedBlock(label=_("Embed"), icon="media", template="knowledge/blocks/embed.html")
