namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>The fenced code blocks of a model reply, as (language tag, content).</summary>
internal static class ReplyBlocks
{
    // Interim until the shared FencedCodeBlocks.Extract (RuleForge.Llm) lands; replaced by a call to it on merge.
    public static IReadOnlyList<(string Language, string Content)> Of(string reply)
    {
        var blocks = new List<(string, string)>();
        var lines = reply.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = lines[i].TrimStart();
            if (!open.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = open[3..].Trim();
            var body = new List<string>();
            var j = i + 1;
            while (j < lines.Length && !lines[j].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                body.Add(lines[j]);
                j++;
            }

            blocks.Add((language, string.Join("\n", body)));
            i = j;
        }

        return blocks;
    }
}
