using System.Diagnostics;

namespace RuleForge.Forecasting.Neural;

/// <summary>
/// A small multilayer perceptron for regression: ReLU hidden layers with inverted dropout, a linear output, MSE loss,
/// Adam with decoupled weight decay; inputs and target standardised on the training rows. Seeded and resumable per epoch.
/// Hand-written: no ML package is available here.
/// </summary>
public sealed class MlpRegressor(MlpOptions? options = null)
{
    private const double Epsilon = 1e-8;
    private readonly MlpOptions _options = options ?? new MlpOptions();
    private int[] _layers = [];
    private double[] _w = [];
    private double[] _m = [];
    private double[] _v = [];
    private bool[] _isBias = [];
    private double[] _inMean = [];
    private double[] _inScale = [];
    private double _yMean;
    private double _yScale = 1;
    private long _step;
    private List<EpochResult> _history = [];

    public bool IsFitted => _w.Length > 0;

    /// <summary>Trains on <paramref name="x"/> → <paramref name="y"/> (rows in time order; the last ones validate). From <paramref name="resume"/> it continues after that checkpoint's epoch.</summary>
    /// <param name="x">Input rows.</param>
    /// <param name="y">Targets.</param>
    /// <param name="onEpoch">Told of each finished epoch with a checkpoint to persist before the next starts.</param>
    /// <param name="resume">A checkpoint from an earlier, interrupted fit on the same data.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<IReadOnlyList<EpochResult>> FitAsync(double[][] x, double[] y, Func<EpochResult, MlpCheckpoint, Task>? onEpoch, MlpCheckpoint? resume, CancellationToken cancellationToken)
    {
        if (x.Length != y.Length || x.Length < 4)
        {
            throw new ArgumentException($"need at least 4 rows with one target each (got {x.Length} rows, {y.Length} targets)", nameof(x));
        }

        var nVal = Math.Clamp((int)Math.Round(x.Length * _options.ValidationFraction), 1, x.Length - 2);
        var nTrain = x.Length - nVal;
        var start = 1;
        if (resume is not null)
        {
            Load(resume);
            start = resume.Epoch + 1;
        }
        else
        {
            Initialise(x, y, nTrain);
        }

        var xs = x.Select(Scale).ToArray();
        var ys = y.Select(v => (v - _yMean) / _yScale).ToArray();
        var grad = new double[_w.Length];
        var acts = _layers.Select(n => new double[n]).ToArray();
        var deltas = _layers.Select(n => new double[n]).ToArray();
        var masks = _layers.Select(n => new double[n]).ToArray();
        for (var epoch = start; epoch <= _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var rng = new Random(unchecked((_options.Seed * 1_000_003) + epoch));
            var order = Enumerable.Range(0, nTrain).ToArray();
            rng.Shuffle(order);
            double lossSum = 0;
            for (var b = 0; b < nTrain; b += _options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Array.Clear(grad);
                var end = Math.Min(nTrain, b + _options.BatchSize);
                for (var k = b; k < end; k++)
                {
                    var i = order[k];
                    var output = Forward(xs[i], acts, masks, rng);
                    var err = output - ys[i];
                    lossSum += err * err;
                    Backward(acts, deltas, masks, err, grad);
                }

                Update(grad, end - b);
            }

            var trainLoss = lossSum / nTrain;
            var valLoss = 0.0;
            for (var i = nTrain; i < x.Length; i++)
            {
                var e = Forward(xs[i], acts, null, null) - ys[i];
                valLoss += e * e;
            }

            valLoss /= nVal;
            var result = new EpochResult(epoch, trainLoss, valLoss, nTrain / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
            CheckDivergence(result);
            _history.Add(result);
            if (onEpoch is not null)
            {
                await onEpoch(result, Checkpoint(epoch));
            }
        }

        return _history;
    }

    /// <summary>The prediction for one input row (no dropout).</summary>
    public double Predict(double[] x)
    {
        var acts = _layers.Select(n => new double[n]).ToArray();
        return (Forward(Scale(x), acts, null, null) * _yScale) + _yMean;
    }

    /// <summary>The current state as a checkpoint after <paramref name="epoch"/>.</summary>
    public MlpCheckpoint Checkpoint(int epoch) => new()
    {
        Epoch = epoch,
        Step = _step,
        Layers = _layers,
        Weights = (double[])_w.Clone(),
        M = (double[])_m.Clone(),
        V = (double[])_v.Clone(),
        InputMean = _inMean,
        InputScale = _inScale,
        TargetMean = _yMean,
        TargetScale = _yScale,
        History = _history.ToArray(),
    };

    /// <summary>Restores the state saved in <paramref name="checkpoint"/>.</summary>
    public void Load(MlpCheckpoint checkpoint)
    {
        _layers = checkpoint.Layers.ToArray();
        _w = (double[])checkpoint.Weights.Clone();
        _m = (double[])checkpoint.M.Clone();
        _v = (double[])checkpoint.V.Clone();
        _inMean = checkpoint.InputMean;
        _inScale = checkpoint.InputScale;
        _yMean = checkpoint.TargetMean;
        _yScale = checkpoint.TargetScale;
        _step = checkpoint.Step;
        _history = checkpoint.History.ToList();
        _isBias = BiasMask(_layers);
    }

    private void Initialise(double[][] x, double[] y, int nTrain)
    {
        var d = x[0].Length;
        _layers = [d, .. _options.Hidden, 1];
        _inMean = new double[d];
        _inScale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var col = x.Take(nTrain).Select(r => r[j]).ToArray();
            _inMean[j] = col.Average();
            var sd = Math.Sqrt(col.Sum(v => (v - _inMean[j]) * (v - _inMean[j])) / Math.Max(1, nTrain - 1));
            _inScale[j] = sd > 0 ? sd : 1;
        }

        _yMean = y.Take(nTrain).Average();
        var ysd = Math.Sqrt(y.Take(nTrain).Sum(v => (v - _yMean) * (v - _yMean)) / Math.Max(1, nTrain - 1));
        _yScale = ysd > 0 ? ysd : 1;
        var count = 0;
        for (var l = 0; l + 1 < _layers.Length; l++)
        {
            count += (_layers[l] * _layers[l + 1]) + _layers[l + 1];
        }

        _w = new double[count];
        _m = new double[count];
        _v = new double[count];
        _isBias = BiasMask(_layers);
        var rng = new Random(_options.Seed);
        var o = 0;
        for (var l = 0; l + 1 < _layers.Length; l++)
        {
            var std = Math.Sqrt(2.0 / _layers[l]); // He initialisation for ReLU
            for (var k = 0; k < _layers[l] * _layers[l + 1]; k++)
            {
                _w[o++] = std * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            }

            o += _layers[l + 1];
        }

        _step = 0;
        _history = [];
    }

    private static bool[] BiasMask(int[] layers)
    {
        var mask = new List<bool>();
        for (var l = 0; l + 1 < layers.Length; l++)
        {
            mask.AddRange(Enumerable.Repeat(false, layers[l] * layers[l + 1]));
            mask.AddRange(Enumerable.Repeat(true, layers[l + 1]));
        }

        return mask.ToArray();
    }

    private double[] Scale(double[] x) => x.Select((v, j) => (v - _inMean[j]) / _inScale[j]).ToArray();

    private double Forward(double[] input, double[][] acts, double[][]? masks, Random? rng)
    {
        Array.Copy(input, acts[0], input.Length);
        var o = 0;
        var keep = 1 - _options.Dropout;
        for (var l = 0; l + 1 < _layers.Length; l++)
        {
            int nin = _layers[l], nout = _layers[l + 1];
            var a = acts[l];
            var z = acts[l + 1];
            var bias = o + (nin * nout);
            var hidden = l + 2 < _layers.Length;
            for (var j = 0; j < nout; j++)
            {
                var s = _w[bias + j];
                var row = o + (j * nin);
                for (var i = 0; i < nin; i++)
                {
                    s += _w[row + i] * a[i];
                }

                if (hidden)
                {
                    s = s > 0 ? s : 0;
                    if (masks is not null)
                    {
                        var m = _options.Dropout > 0 && rng!.NextDouble() < _options.Dropout ? 0 : 1 / keep;
                        masks[l + 1][j] = m;
                        s *= m;
                    }
                }

                z[j] = s;
            }

            o = bias + nout;
        }

        return acts[^1][0];
    }

    private void Backward(double[][] acts, double[][] deltas, double[][] masks, double err, double[] grad)
    {
        deltas[^1][0] = 2 * err;
        var offsets = new int[_layers.Length - 1];
        for (int l = 0, o = 0; l + 1 < _layers.Length; l++)
        {
            offsets[l] = o;
            o += (_layers[l] * _layers[l + 1]) + _layers[l + 1];
        }

        for (var l = _layers.Length - 2; l >= 0; l--)
        {
            int nin = _layers[l], nout = _layers[l + 1];
            var o = offsets[l];
            var bias = o + (nin * nout);
            var a = acts[l];
            var d = deltas[l + 1];
            var below = deltas[l];
            if (l > 0)
            {
                Array.Clear(below);
            }

            for (var j = 0; j < nout; j++)
            {
                var dj = d[j];
                grad[bias + j] += dj;
                var row = o + (j * nin);
                for (var i = 0; i < nin; i++)
                {
                    grad[row + i] += dj * a[i];
                    if (l > 0)
                    {
                        below[i] += dj * _w[row + i];
                    }
                }
            }

            if (l > 0)
            {
                // Through the dropout mask and the ReLU of layer l (its activations are already masked and rectified).
                for (var i = 0; i < nin; i++)
                {
                    below[i] = acts[l][i] > 0 ? below[i] * masks[l][i] : 0;
                }
            }
        }
    }

    private void Update(double[] grad, int batch)
    {
        _step++;
        var lr = _options.LearningRate;
        var c1 = 1 - Math.Pow(_options.Beta1, _step);
        var c2 = 1 - Math.Pow(_options.Beta2, _step);
        for (var k = 0; k < _w.Length; k++)
        {
            var g = grad[k] / batch;
            _m[k] = (_options.Beta1 * _m[k]) + ((1 - _options.Beta1) * g);
            _v[k] = (_options.Beta2 * _v[k]) + ((1 - _options.Beta2) * g * g);
            var stepSize = lr * (_m[k] / c1) / (Math.Sqrt(_v[k] / c2) + Epsilon);
            _w[k] -= stepSize + (_isBias[k] ? 0 : lr * _options.WeightDecay * _w[k]);
        }
    }

    private void CheckDivergence(EpochResult result)
    {
        if (!double.IsFinite(result.TrainLoss) || !double.IsFinite(result.ValidationLoss))
        {
            throw new TrainingDivergedException(DivergenceKind.NonFinite, result.Epoch, result.TrainLoss, "a loss is not a finite number");
        }

        if (_history.Count < _options.AnomalyWarmup)
        {
            return;
        }

        var losses = _history.Select(h => h.TrainLoss).ToArray();
        var mean = losses.Average();
        var sd = Math.Sqrt(losses.Sum(v => (v - mean) * (v - mean)) / (losses.Length - 1));
        if (sd > 0 && (result.TrainLoss - mean) / sd > _options.ZScoreLimit && result.TrainLoss > losses[^1])
        {
            throw new TrainingDivergedException(DivergenceKind.ZScoreSpike, result.Epoch, result.TrainLoss, $"z-score {(result.TrainLoss - mean) / sd:F1} over the loss history");
        }

        var sorted = losses.Order().ToArray();
        var q1 = Retrodiction.ForecastMetrics.Quantile(sorted, 0.25);
        var q3 = Retrodiction.ForecastMetrics.Quantile(sorted, 0.75);
        if (q3 > q1 && result.TrainLoss > q3 + (_options.IqrLimit * (q3 - q1)))
        {
            throw new TrainingDivergedException(DivergenceKind.IqrOutlier, result.Epoch, result.TrainLoss, $"above Q3 + {_options.IqrLimit}·IQR ({q3 + (_options.IqrLimit * (q3 - q1)):G4})");
        }
    }
}
