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
            var request = new TabularLearnRequest { Data = data, Target = target, Seed = seedL, MaxIterations = iterations, Restarts = int.Parse(Environment.GetEnvironmentVariable("RESTARTS") ?? "3", inv) };
            var cv = await learner.CrossValidateAsync(request, 10, CancellationToken.None);
            var store = new EphemeralRunStore();
            await store.CreateRunAsync(new RuleForge.Core.Stores.RunRecord { Id = "full", Domain = "tabular", Target = target.Name }, CancellationToken.None);
            var full = await learner.LearnAsync(request, target.LabelledRows(), store, "full", null, CancellationToken.None);
            Console.WriteLine(string.Create(inv, $"{Path.GetFileNameWithoutExtension(file)}\t{data.RowCount}\t{cv.Accuracy * 100:F1}\t{full.Rules.Rules.Count}\t{sw.Elapsed.TotalSeconds:F2}"));
        }

        break;
    default:
        Console.Error.WriteLine("usage: accuracy <arff>... | throughput <rows>");
        return 2;
}

return 0;
