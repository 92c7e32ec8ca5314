using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Data;

namespace RuleForge.Storage.Tests.Support;

/// <summary>Builders of data-store test records and batches (hash: the first 16 bytes of the JSON's SHA-256, as ingestion makes it).</summary>
public static class DataRecords
{
    public static DataBatch Batch(string run, params DataRecordInput[] records) =>
        new() { Dataset = "ds", SourceId = "src", RunId = run, Records = records };

    /// <summary>The record <c>{"id":id}</c> from reference <c>test:id</c>.</summary>
    public static DataRecordInput Rec(int id) => Of($$"""{"id":{{id}}}""", $"test:{id}");

    public static DataRecordInput Of(string json, string reference) =>
        new(json, SHA256.HashData(Encoding.UTF8.GetBytes(json))[..16], reference);
}
