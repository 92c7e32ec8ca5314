using RuleForge.Core.Costs;
using RuleForge.Ingestion.Running;
using RuleForge.Ingestion.Tests.Support;
using RuleForge.Testing.Http;

namespace RuleForge.Ingestion.Tests.Sources;

public sealed class HttpSourceTests : IAsyncLifetime
{
    private readonly IngestionHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Next_links_and_cursors_are_followed_until_there_is_no_next_page()
    {
        await using var server = new StubHttpServer((r, _) => StubResponse.Json((r.Query("cursor"), r.Query("page")) switch
        {
            (null, null) => """{"items":[{"id":1},{"id":2}],"next":"/items?page=2"}""",
            (null, "2") => """{"items":[{"id":3}],"next":"c3"}""",
            ("c3", _) => """{"items":[{"id":4}],"next":null}""",
            _ => throw new InvalidOperationException(r.PathAndQuery),
        }));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/items", recordsPath: "$.items", nextPath: "$.next", rateLimit: {requests: 5, perSeconds: 1}}]""");

        report.Status.ShouldBe(SourceStatus.Ok, report.Error);
        (report.Stored, report.HttpCalls).ShouldBe((4L, 3L));
        report.Bytes.ShouldBeGreaterThan(0);
        server.Requests.Select(r => r.PathAndQuery).ShouldBe(["/items", "/items?page=2", "/items?cursor=c3"]);
        (await _h.RecordsAsync("api")).Select(r => r.Json).ShouldBe(["""{"id":1}""", """{"id":2}""", """{"id":3}""", """{"id":4}"""]);
    }

    [Fact]
    public async Task Page_numbers_are_asked_for_until_a_page_is_empty()
    {
        await using var server = new StubHttpServer((r, _) => StubResponse.Json(int.Parse(r.Query("page")!, System.Globalization.CultureInfo.InvariantCulture) <= 3 ? $$"""[{"p":{{r.Query("page")}}}]""" : "[]"));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: pages, type: http, url: "{{{server.BaseUrl}}}/x", pagination: {param: page, start: 1}}]""");

        (report.Stored, report.HttpCalls).ShouldBe((3L, 4L));
    }

    [Fact]
    public async Task Too_many_requests_and_server_errors_are_retried_and_every_attempt_is_counted()
    {
        await using var server = new StubHttpServer((_, n) => n switch
        {
            0 => new StubResponse(429, "slow down") { Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } },
            1 => new StubResponse(500, "oops", "text/plain"),
            _ => StubResponse.Json("""[{"id":1}]"""),
        });

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", retry: {attempts: 3, delayMs: 0}}]""");

        report.Status.ShouldBe(SourceStatus.Ok, report.Error);
        (report.Stored, report.HttpCalls).ShouldBe((1L, 3L));
        (await _h.Store.GetUsageAsync("api", DateOnly.FromDateTime(DateTime.UtcNow), default)).Calls.ShouldBe(3);
    }

    [Fact]
    public async Task An_html_page_fails_the_source_with_a_clear_message_and_keeps_the_pages_before_it()
    {
        await using var server = new StubHttpServer((r, _) => r.Query("page") is null
            ? StubResponse.Json("""{"items":[{"id":1}],"next":"/x?page=2"}""")
            : new StubResponse(200, "<html><body>Maintenance</body></html>", "text/html"));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", recordsPath: "$.items", nextPath: "$.next"}]""");

        report.Status.ShouldBe(SourceStatus.Failed);
        report.Error!.ShouldContain("text/html, not JSON");
        report.Error!.ShouldContain("Maintenance");
        report.Stored.ShouldBe(1);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_stops_the_source_after_the_retries()
    {
        await using var server = new StubHttpServer((_, _) => new StubResponse(503, "down", "text/plain"));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", retry: {attempts: 2, delayMs: 0}}]""");

        report.Status.ShouldBe(SourceStatus.Failed);
        report.Error!.ShouldContain("503");
        report.Error!.ShouldContain("3 attempts");
        server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_fails_the_source_naming_the_timeout()
    {
        using var gate = new ManualResetEventSlim();
        await using var server = new StubHttpServer((_, _) =>
        {
            gate.Wait(TimeSpan.FromSeconds(30)); // Held until the test is done: the answer never comes in time.
            return StubResponse.Json("[]");
        });

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", timeoutSeconds: 0.2, retry: {attempts: 1, delayMs: 0}}]""");
        gate.Set();

        report.Status.ShouldBe(SourceStatus.Failed);
        report.Error!.ShouldContain("did not answer within 0.2 s (2 attempts)");
        report.HttpCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Credentials_come_from_the_environment_and_are_sent_as_configured()
    {
        Environment.SetEnvironmentVariable("RF_TEST_TOKEN", "s3cret");
        await using var server = new StubHttpServer((r, _) => r.Headers.GetValueOrDefault("Authorization") == "Bearer s3cret" && r.Headers.GetValueOrDefault("X-Client") == "rf"
            ? StubResponse.Json("""[{"ok":true}]""")
            : new StubResponse(401, "no", "text/plain"));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", headers: {X-Client: rf}, auth: {type: bearer, env: RF_TEST_TOKEN}}]""");

        report.Status.ShouldBe(SourceStatus.Ok, report.Error);
        report.Stored.ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_credential_names_the_variable_without_calling()
    {
        await using var server = new StubHttpServer((_, _) => StubResponse.Json("[]"));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", auth: {type: apiKey, env: RF_TEST_UNSET_KEY}}]""");

        report.Status.ShouldBe(SourceStatus.Failed);
        report.Error!.ShouldContain("RF_TEST_UNSET_KEY");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_daily_call_limit_stops_the_source_and_holds_across_runs()
    {
        await using var server = new StubHttpServer((r, _) => StubResponse.Json($$"""[{"p":{{r.Query("page")}}}]"""));
        var yaml = $$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", pagination: {param: page}, limits: {callsPerDay: 2, costPerCall: 0.5}}]""";

        var first = await _h.IngestOneAsync(yaml);
        var second = await _h.IngestOneAsync(yaml);

        first.Status.ShouldBe(SourceStatus.Limited);
        first.Error!.ShouldContain("2 calls");
        (first.Stored, first.HttpCalls, first.Cost).ShouldBe((2L, 2L, 1.0m));
        second.Status.ShouldBe(SourceStatus.Limited);
        second.HttpCalls.ShouldBe(0);
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task With_the_shared_ledger_each_call_is_charged_to_the_source_key_and_the_daily_limit_holds_across_runs()
    {
        _h.Ledger = _h.SharedLedger;
        await using var server = new StubHttpServer((r, _) => StubResponse.Json($$"""[{"p":{{r.Query("page")}}}]"""));
        var yaml = $$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", pagination: {param: page}, limits: {callsPerDay: 2, costPerCall: 0.5}}]""";

        var first = await _h.IngestOneAsync(yaml);
        var second = await _h.IngestOneAsync(yaml);

        first.Status.ShouldBe(SourceStatus.Limited);
        first.Error!.ShouldContain("http:api: the daily limit of 2 calls is reached");
        second.Status.ShouldBe(SourceStatus.Limited);
        server.Requests.Count.ShouldBe(2);
        var line = (await _h.SharedLedger.GetLinesAsync(new LedgerWindow { Now = DateTimeOffset.UtcNow }, default)).ShouldHaveSingleItem();
        (line.Provider, line.Model, line.Kind, line.Requests, line.TotalNanoUsd).ShouldBe(("http", "api", "call", 2L, NanoUsd.FromUsd(1.0m)));
        line.Bytes.ShouldBe(first.Bytes);
    }

    [Fact]
    public async Task A_total_cost_limit_in_the_shared_ledger_stops_the_source_before_the_call_that_would_pass_it()
    {
        _h.Ledger = _h.SharedLedger;
        await using var server = new StubHttpServer((r, _) => StubResponse.Json($$"""[{"p":{{r.Query("page")}}}]"""));
        var yaml = $$$"""sources: [{id: api, type: http, url: "{{{server.BaseUrl}}}/x", pagination: {param: page}, limits: {costPerCall: 0.4, costTotal: 1.0}}]""";

        var report = await _h.IngestOneAsync(yaml);

        report.Status.ShouldBe(SourceStatus.Limited);
        report.Error!.ShouldContain("total cost limit of $1");
        (report.HttpCalls, report.Stored).ShouldBe((2L, 2L));
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Failed_answers_are_charged_too_and_model_budgets_do_not_see_the_source_calls()
    {
        _h.Ledger = _h.SharedLedger;
        await using var server = new StubHttpServer((_, _) => new StubResponse(500, "down", "text/plain"));

        var report = await _h.IngestOneAsync($$$"""sources: [{id: flaky, type: http, url: "{{{server.BaseUrl}}}/x", retry: {attempts: 1, delayMs: 0}, limits: {costPerCall: 0.25}}]""");

        report.Status.ShouldBe(SourceStatus.Failed);
        var now = DateTimeOffset.UtcNow;
        (await _h.SharedLedger.GetTotalsAsync(new LedgerWindow { Now = now, Provider = LedgerProviders.Http, Model = "flaky" }, default)).TotalNanoUsd.ShouldBe(NanoUsd.FromUsd(0.5m));
        (await _h.SharedLedger.GetTotalsAsync(new LedgerWindow { Now = now, ExcludeProvider = LedgerProviders.Http }, default)).Requests.ShouldBe(0);
    }
}
