namespace RuleForge.Ingestion.Records;

/// <summary>
/// The bytes of one batch's records (hash and canonical JSON) packed into large reused chunks instead of two small
/// arrays per record: a batch's records live until it is committed, and millions of small survivors made the
/// collector copy them from generation to generation. <see cref="Reset"/> makes the chunks reusable once the batch
/// that points into them is committed.
/// </summary>
public sealed class RecordArena
{
    private const int ChunkSize = 1 << 20;
    private readonly List<byte[]> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>A fresh slot of <paramref name="length"/> bytes, valid until <see cref="Reset"/>.</summary>
    public Memory<byte> Take(int length)
    {
        if (length > ChunkSize / 4)
        {
            return new byte[length]; // A huge record gets its own array rather than wasting most of a chunk.
        }

        if (_chunk < _chunks.Count && _used + length > ChunkSize)
        {
            (_chunk, _used) = (_chunk + 1, 0);
        }

        if (_chunk == _chunks.Count)
        {
            _chunks.Add(new byte[ChunkSize]);
        }

        var slot = _chunks[_chunk].AsMemory(_used, length);
        _used += length;
        return slot;
    }

    /// <summary>Makes every chunk reusable (the records that pointed into them must no longer be read).</summary>
    public void Reset() => (_chunk, _used) = (0, 0);
}
