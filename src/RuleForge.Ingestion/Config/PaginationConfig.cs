namespace RuleForge.Ingestion.Config;

/// <summary>Page-number pagination: <c>?page=1</c>, <c>2</c>, … until a page has no records (or fewer than <see cref="Size"/>).</summary>
public sealed class PaginationConfig
{
    /// <summary><c>page</c> (page numbers). Cursor and next-link paging are set with <c>nextPath</c>.</summary>
    public string Type { get; set; } = "page";

    public string Param { get; set; } = "page";

    public int Start { get; set; } = 1;

    /// <summary>The page size to ask for (0: the server's default).</summary>
    public int Size { get; set; }

    public string SizeParam { get; set; } = "per_page";

    /// <summary>A guard against servers that never stop.</summary>
    public int MaxPages { get; set; } = 10_000;
}
