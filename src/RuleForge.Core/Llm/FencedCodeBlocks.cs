namespace RuleForge.Core.Llm;

/// <summary>
/// Extracts fenced code blocks (``` or ~~~, three or more, optional language tag) from a model's reply, following
/// CommonMark's fence rules: a block closes at a fence of the same character at least as long, indented at most
/// three spaces. Written by hand: a full Markdown parser is not needed for this one construct.
/// </summary>
public static class FencedCodeBlocks
{
    /// <summary>The reply's fenced blocks in order; with <paramref name="language"/>, only those tagged with it (case-insensitive).</summary>
    public static IReadOnlyList<FencedBlock> Extract(string text, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<FencedBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsFence(lines[i], out var fenceChar, out var fenceLength, out var info))
            {
                continue;
            }

            var start = i;
            var content = new List<string>();
            var closed = false;
            for (i++; i < lines.Length; i++)
            {
                if (IsFence(lines[i], out var c, out var length, out var rest) && c == fenceChar && length >= fenceLength && rest.Length == 0)
                {
                    closed = true;
                    break;
                }

                content.Add(lines[i]);
            }

            var tag = info.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (language is null || tag.Equals(language, StringComparison.OrdinalIgnoreCase))
            {
                blocks.Add(new FencedBlock(tag, string.Join('\n', content), start + 1, closed));
            }
        }

        return blocks;
    }

    private static bool IsFence(string line, out char fenceChar, out int length, out string info)
    {
        fenceChar = '\0';
        length = 0;
        info = "";
        var indent = 0;
        while (indent < line.Length && line[indent] == ' ')
        {
            indent++;
        }

        if (indent > 3 || indent >= line.Length || (line[indent] != '`' && line[indent] != '~'))
        {
            return false;
        }

        fenceChar = line[indent];
        var end = indent;
        while (end < line.Length && line[end] == fenceChar)
        {
            end++;
        }

        length = end - indent;
        if (length < 3)
        {
            return false;
        }

        info = line[end..].Trim();
        return fenceChar != '`' || !info.Contains('`', StringComparison.Ordinal); // Backtick fences cannot have backticks in the info string.
    }
}
