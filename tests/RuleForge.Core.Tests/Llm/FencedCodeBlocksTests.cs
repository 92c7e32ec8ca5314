using RuleForge.Core.Llm;

namespace RuleForge.Core.Tests.Llm;

/// <summary>Fenced blocks are found with their language, in order; filters, tildes, longer fences and truncation behave.</summary>
public sealed class FencedCodeBlocksTests
{
    [Fact]
    public void Blocks_come_back_in_order_with_their_language_and_line()
    {
        var text = "Here:\n```rules\nIF a > 1 THEN c = x\n```\nand\n```\nplain\n```";

        var blocks = FencedCodeBlocks.Extract(text);

        blocks.Count.ShouldBe(2);
        blocks[0].ShouldBe(new FencedBlock("rules", "IF a > 1 THEN c = x", 2, true));
        blocks[1].ShouldBe(new FencedBlock("", "plain", 6, true));
    }

    [Fact]
    public void A_language_filter_keeps_only_matching_blocks_ignoring_case()
    {
        var text = "```json\n{}\n```\n```Prolog\ninitiatedAt(a, T).\n```";

        FencedCodeBlocks.Extract(text, "prolog").ShouldHaveSingleItem().Content.ShouldBe("initiatedAt(a, T).");
    }

    [Fact]
    public void Tilde_fences_longer_fences_and_crlf_work_and_shorter_inner_fences_are_content()
    {
        var text = "~~~~ prolog extra\r\na.\r\n```\r\nb.\r\n~~~~\r\n";

        var block = FencedCodeBlocks.Extract(text).ShouldHaveSingleItem();

        block.Language.ShouldBe("prolog");
        block.Content.ShouldBe("a.\n```\nb.");
    }

    [Fact]
    public void An_unclosed_block_runs_to_the_end_and_says_so()
    {
        var block = FencedCodeBlocks.Extract("```rules\nIF a\nIF b").ShouldHaveSingleItem();

        block.Closed.ShouldBeFalse();
        block.Content.ShouldBe("IF a\nIF b");
    }

    [Fact]
    public void Text_without_fences_or_with_inline_backticks_has_no_blocks()
    {
        FencedCodeBlocks.Extract("use `x` and ``y``, not code").ShouldBeEmpty();
    }
}
