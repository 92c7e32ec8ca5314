using System.Diagnostics;
using System.Globalization;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Induction;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Validation;

// Tabular benchmarks: `accuracy <arff>...` (10-fold CV like JRip -x 10), `throughput <rows>` (condition checks/s).
var mode = args.Length > 0 ? args[0] : "accuracy";
var inv = CultureInfo.InvariantCulture;
switch (mode)
{
    case "accuracy":
        var seed = int.Parse(Environment.GetEnvironmentVariable("SEED") ?? "1", inv);
        Console.WriteLine("dataset\trows\taccuracy\trules(all rows)\tseconds");
        foreach (var file in args.Skip(1))
        {
            var sw = Stopwatch.StartNew();
            var data = await DatasetReader.ReadAsync(file, null, CancellationToken.None);
            var target = ClassTarget.Of(data, data.Columns[^1].Name);
            var ripper = new Ripper(new RipperOptions { Seed = seed });
            var cv = CrossValidation.Run(data, target, 10, seed, (train, ct) => ripper.Learn(data, target, train, null, ct).Rules);
            var full = ripper.Learn(data, target);
            Console.WriteLine(string.Create(inv, $"{Path.GetFileNameWithoutExtension(file)}\t{data.RowCount}\t{cv.Accuracy * 100:F1}\t{full.Rules.Rules.Count}\t{sw.Elapsed.TotalSeconds:F2}"));
        }

        break;
    case "rules":
        foreach (var file in args.Skip(1))
        {
            var data = await DatasetReader.ReadAsync(file, null, CancellationToken.None);
            var target = ClassTarget.Of(data, data.Columns[^1].Name);
            var seedR = int.Parse(Environment.GetEnvironmentVariable("SEED") ?? "1", inv);
            var model = new Ripper(new RipperOptions { Seed = seedR }).Learn(data, target);
            for (var i = 0; i < model.Rules.Rules.Count; i++)
            {
                Console.WriteLine(string.Create(inv, $"{model.Rules.Rules[i].Body} ({model.TrainingCounts[i].Covered}/{model.TrainingCounts[i].Errors})"));
            }
        }

        break;
    case "loop":
        Console.WriteLine("dataset\trows\taccuracy\trules(all rows)\tseconds");
        var iterations = int.Parse(Environment.GetEnvironmentVariable("ITER") ?? "3", inv);
        foreach (var file in args.Skip(1))
        {
            var sw = Stopwatch.StartNew();
            var data = await DatasetReader.ReadAsync(file, null, CancellationToken.None);
            var target = ClassTarget.Of(data, data.Columns[^1].Name);
            var seedL = int.Parse(Environment.GetEnvironmentVariable("SEED") ?? "1", inv);
            var learner = new TabularLearner(TabularGeneratorRegistry.CreateDefault());
            var request = new TabularLearnRequest { Data = data, Target = target, Seed = seedL, MaxIterations = iterations };
            if (Environment.GetEnvironmentVariable("RESTARTS") is { } restarts)
            {
                request = request with { Restarts = int.Parse(restarts, inv) };
            }

            var cv = await learner.CrossValidateAsync(request, 10, CancellationToken.None);
            var store = new EphemeralRunStore();
            await store.CreateRunAsync(new RuleForge.Core.Stores.RunRecord { Id = "full", Domain = "tabular", Target = target.Name }, CancellationToken.None);
            var full = await learner.LearnAsync(request, target.LabelledRows(), store, "full", null, CancellationToken.None);
            Console.WriteLine(string.Create(inv, $"{Path.GetFileNameWithoutExtension(file)}\t{data.RowCount}\t{cv.Accuracy * 100:F1}\t{full.Rules.Rules.Count}\t{sw.Elapsed.TotalSeconds:F2}"));
            if (Environment.GetEnvironmentVariable("VERBOSE") is not null)
            {
                // The full-data run's iterations: validation score and size, and which one the learner kept.
                foreach (var it in full.Loop.Iterations)
                {
                    Console.Error.WriteLine(string.Create(inv, $"  iteration {it.Number}: score {it.Score:F4} rules {it.Candidate.Rules.Rules.Count}{(it.Number == full.Chosen?.Number ? " (kept)" : "")} {SymbolicRecipe.TryParse(it.Candidate.RawResponse)?.Reason}"));
                }
            }
        }

        break;
    case "generate":
    {
        // generate <rows> <prefix>: 20 columns (16 numeric, 4 nominal) + class; writes <prefix>.csv and <prefix>.arff.
        var rows = int.Parse(args[1], inv);
        var prefix = args[2];
        var random = new Random(1);
        await using var csv = new StreamWriter(prefix + ".csv");
        await using var arff = new StreamWriter(prefix + ".arff");
        var names = Enumerable.Range(1, 16).Select(i => $"n{i}").Concat(Enumerable.Range(1, 4).Select(i => $"c{i}")).ToArray();
        await csv.WriteLineAsync(string.Join(",", names) + ",class");
        await arff.WriteLineAsync("@relation generated");
        foreach (var n in names)
        {
            await arff.WriteLineAsync(n.StartsWith('n') ? $"@attribute {n} numeric" : $"@attribute {n} {{a,b,c,d,e}}");
        }

        await arff.WriteLineAsync("@attribute class {yes,no}\n@data");
        var line = new System.Text.StringBuilder();
        var v = new double[16];
        var c = new char[4];
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            for (var i = 0; i < 16; i++)
            {
                v[i] = Math.Round(random.NextDouble() * 100, 1);
                line.Append(v[i].ToString(inv)).Append(',');
            }

            for (var i = 0; i < 4; i++)
            {
                c[i] = (char)('a' + random.Next(5));
                line.Append(c[i]).Append(',');
            }

            var yes = (v[0] > 60 && v[1] < 40) || (c[0] == 'a' && v[2] > 70) || (v[3] + v[4] > 170);
            if (random.NextDouble() < 0.05)
            {
                yes = !yes;
            }

            line.Append(yes ? "yes" : "no");
            var text = line.ToString();
            await csv.WriteLineAsync(text);
            await arff.WriteLineAsync(text);
        }

        break;
    }

    case "throughput":
    {
        // throughput <rows>: condition-row checks per second of the vectorised evaluator, one thread.
        var rows = int.Parse(args[1], inv);
        var random = new Random(2);
        var columns = Enumerable.Range(0, 8).Select(i => DataColumn.Numeric($"x{i}", Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray())).ToList();
        columns.Add(DataColumn.FromTexts("k", Enumerable.Range(0, rows).Select(_ => (string?)(random.Next(4) switch { 0 => "a", 1 => "b", 2 => "c", _ => "d" })).ToArray()));
        var data = new Dataset("bench", columns);
        var conditions = new List<RuleForge.Core.Rules.Rule>();
        for (var i = 0; i < 8; i++)
        {
            conditions.Add(new RuleForge.Core.Rules.Rule
            {
                Name = $"r{i}",
                Domain = "tabular",
                Body = new RuleForge.Core.Rules.ConditionRule
                {
                    Conditions =
                    [
                        new RuleForge.Core.Rules.Condition($"x{i}", RuleForge.Core.Rules.ConditionOperator.GreaterOrEqual, RuleForge.Core.Rules.RuleValue.Of(0.5)),
                        new RuleForge.Core.Rules.Condition($"x{(i + 1) % 8}", RuleForge.Core.Rules.ConditionOperator.Less, RuleForge.Core.Rules.RuleValue.Of(0.7)),
                        new RuleForge.Core.Rules.Condition("k", RuleForge.Core.Rules.ConditionOperator.Equal, RuleForge.Core.Rules.RuleValue.Of("b")),
                    ],
                    Outcome = new RuleForge.Core.Rules.Outcome("y", RuleForge.Core.Rules.RuleValue.Of("yes")),
                },
            });
        }

        var list = new RuleForge.Tabular.Scoring.DecisionList(new RuleForge.Core.Rules.RuleSet("y", conditions), data);
        list.FiringRules();
        long checks = 0;
        var watch = Stopwatch.StartNew();
        var reps = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            for (var i = 0; i < conditions.Count; i++)
            {
                list.Coverage(i);
            }

            checks += (long)conditions.Count * 3 * rows;
            reps++;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"rows={rows} rules={conditions.Count} conditions/rule=3 passes={reps} checks={checks} seconds={seconds:F2} checks/s/core={checks / seconds / 1e6:F0}M simd={System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}"));
        break;
    }

    default:
        Console.Error.WriteLine("usage: accuracy <arff>... | throughput <rows>");
        return 2;
}

return 0;
