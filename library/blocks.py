from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(
        label=_("attribution"),
        required=False,
        help_text=_("A role or agency, never a person's name."),
    )

    class Meta:
        icon = "openquote"
        template = "library/blocks/quote_block.html"


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    publisher = blocks.CharBlock(label=_("publisher"), required=False)
    year = blocks.IntegerBlock(label=_("year"), required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(label=_("link"), required=False)

    class Meta:
        icon = "link"
        template = "library/blocks/source_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"))
    detail = blocks.RichTextBlock(label=_("detail"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        template = "library/blocks/step_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(label=_("paragraph"), features=RICH_TEXT_FEATURES)
    quote = QuoteBlock(label=_("quote"))
    image = ImageBlock(label=_("image"), required=False)
    document = DocumentChooserBlock(label=_("document"), icon="doc-full")

    class Meta:
        block_counts = {}
