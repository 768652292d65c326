# Reference values for tests/stats/test_survey.py and test_estimate_cli.py.
# Run once from the project root with R 4.2 + survey 4.1.1 (Debian: r-base-core, r-cran-survey):
#   Rscript tests/stats/data/make_reference.R
# It writes the three CSV fixtures next to this script and prints every expected number;
# the tests copy those numbers with the R call beside each. The tests never need R.
suppressMessages(library(survey))
options(digits = 15)
here <- "tests/stats/data"

# --- R's own api data -------------------------------------------------------------------
data(api)
clus1 <- apiclus1[, c("snum", "dnum", "stype", "pw", "fpc", "api00", "api99", "awards")]
strat <- apistrat[, c("snum", "stype", "pw", "fpc", "api00", "api99", "awards")]
write.csv(clus1, file.path(here, "api_clus1.csv"), row.names = FALSE)
write.csv(strat, file.path(here, "api_strat.csv"), row.names = FALSE)

# --- a demo-like wave: 24 reception centres, 3 statuses, a 1-5 item and a 0-10 item --------
set.seed(20170401)
k <- 24
size <- sample(6:22, k, replace = TRUE)
azc <- rep(sprintf("AZC%02d", 1:k), size)
n <- length(azc)
u <- rnorm(k, sd = 0.45)[as.integer(factor(azc))]
status <- sample(c("asiel", "nareis", "statushouder"), n, replace = TRUE, prob = c(.5, .2, .3))
shift <- c(asiel = 0, nareis = -0.35, statushouder = 0.25)[status]
weight <- round(exp(rnorm(n, sd = 0.35)), 4)
latent <- 3.4 + u + shift + rnorm(n, sd = 0.9)
item <- pmin(5, pmax(1, round(latent)))
nps <- pmin(10, pmax(0, round(2.2 * latent - 0.3 + rnorm(n, sd = 1.2))))
item_na <- ifelse(runif(n) < 0.1, NA, item)
wave <- ifelse(as.integer(factor(azc)) <= 12, "2017-Q1", "2017-Q2")
demo <- data.frame(azc, wave, status, weight, item, item_na, nps)
write.csv(demo, file.path(here, "demo_survey.csv"), row.names = FALSE, na = "")

show <- function(label, x) cat(sprintf("%-55s %s\n", label, paste(format(x, digits = 15), collapse = " ")))

pairs_test <- function(by_obj, design, label) {
  lv <- rownames(coef(by_obj)); if (is.null(lv)) lv <- names(coef(by_obj))
  g <- length(lv); out <- NULL
  for (i in 1:(g - 1)) for (j in (i + 1):g) {
    w <- rep(0, g); w[i] <- 1; w[j] <- -1
    ct <- svycontrast(by_obj, w)
    d <- as.numeric(coef(ct)); s <- as.numeric(SE(ct)); p <- 2 * pt(-abs(d / s), degf(design))
    out <- rbind(out, data.frame(a = lv[i], b = lv[j], d = d, se = s, p = p))
  }
  out$p_holm <- p.adjust(out$p, "holm")
  cat(label, "\n"); print(out, digits = 15)
}

# ======================= apiclus1: one-stage cluster sample with FPC ======================
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
m <- svymean(~api00, dclus1, deff = "replace")
show("clus1 svymean(~api00, deff='replace') mean", coef(m))
show("clus1 ... SE", SE(m)); show("clus1 ... deff", deff(m)); show("clus1 degf", degf(dclus1))
show("clus1 confint(m, df=degf(dclus1))", confint(m, df = degf(dclus1)))
cp <- svyciprop(~I(api00 >= 700), dclus1, method = "beta")
show("clus1 svyciprop(~I(api00>=700), method='beta') p", coef(cp))
show("clus1 ... SE", SE(cp)); show("clus1 ... ci", attr(cp, "ci"))
b <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE, deff = "replace")
print(b, digits = 15); show("clus1 svyby deff", b[[grep("DEff", names(b))]])
show("clus1 svyby vcov", vcov(b))
for (s in c("E", "H", "M")) show(paste("clus1 degf(subset(dclus1, stype ==", s, "))"),
                                   degf(subset(dclus1, stype == s)))
bp <- svyby(~I(api00 >= 700), ~stype, dclus1, svyciprop, method = "beta", vartype = c("se", "ci"))
print(bp, digits = 15)
pairs_test(b, dclus1, "clus1 pairs svycontrast(svyby(~api00,~stype,covmat=TRUE)) df=degf(dclus1)")

# ======================= apistrat: stratified element sample with FPC =====================
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
m <- svymean(~api00, dstrat, deff = "replace")
show("strat svymean(~api00, deff='replace') mean", coef(m))
show("strat ... SE", SE(m)); show("strat ... deff", deff(m)); show("strat degf", degf(dstrat))
b <- svyby(~api00, ~awards, dstrat, svymean, covmat = TRUE, deff = "replace")
print(b, digits = 15); show("strat svyby deff", b[[grep("DEff", names(b))]]); show("strat svyby vcov", vcov(b))
for (s in c("No", "Yes")) show(paste("strat degf(subset(dstrat, awards ==", s, "))"),
                                 degf(subset(dstrat, awards == s)))
pairs_test(b, dstrat, "strat pairs awards")

# ======================= demo: clustered in AZC, no FPC ===================================
ddemo <- svydesign(id = ~azc, weights = ~weight, data = demo)
show("demo degf", degf(ddemo)); show("demo n", nrow(demo))
m <- svymean(~item, ddemo, deff = "replace")
show("demo svymean(~item, deff='replace') mean", coef(m)); show("demo ... SE", SE(m))
show("demo ... deff", deff(m)); show("demo confint df=degf", confint(m, df = degf(ddemo)))
m <- svymean(~item_na, ddemo, deff = "replace", na.rm = TRUE)
show("demo svymean(~item_na, na.rm=TRUE, deff='replace') mean", coef(m)); show("demo ... SE", SE(m))
show("demo ... deff", deff(m))
show("demo degf(subset(ddemo, !is.na(item_na)))", degf(subset(ddemo, !is.na(item_na))))
cp <- svyciprop(~I(item >= 4), ddemo, method = "beta")
show("demo svyciprop(~I(item>=4), method='beta') p", coef(cp)); show("demo ... SE", SE(cp))
show("demo ... ci", attr(cp, "ci"))
show("demo svymean(~I(item>=4), deff='replace') deff", deff(svymean(~I(item >= 4), ddemo, deff = "replace")))
ddemo <- update(ddemo, score = 100 * ((nps >= 9) - (nps <= 6)), prom = as.numeric(nps >= 9),
                det = as.numeric(nps <= 6))
m <- svymean(~score, ddemo, deff = "replace")
show("demo NPS svymean(~score, deff='replace') mean", coef(m)); show("demo ... SE", SE(m))
show("demo ... deff", deff(m))
pd <- coef(svymean(~prom + det, ddemo)); v <- (SE(m) / 100)^2
sig2 <- pd[1] + pd[2] - (pd[1] - pd[2])^2; ns <- min(sig2 / v, nrow(demo))
ap <- (ns * pd[1] + 0.75) / (ns + 3); ad <- (ns * pd[2] + 0.75) / (ns + 3)
half <- qt(0.975, degf(ddemo)) * sqrt((ap + ad - (ap - ad)^2) / (ns + 3))
show("demo NPS adjusted Wald ci (points)", 100 * c(ap - ad - half, ap - ad + half))

b <- svyby(~item, ~status, ddemo, svymean, covmat = TRUE, deff = "replace")
print(b, digits = 15); show("demo svyby item deff", b[[grep("DEff", names(b))]]); show("demo svyby item vcov", vcov(b))
for (s in c("asiel", "nareis", "statushouder")) show(paste("demo degf(subset(ddemo, status ==", s, "))"),
                                                     degf(subset(ddemo, status == s)))
pairs_test(b, ddemo, "demo pairs item by status")
bp <- svyby(~I(item >= 4), ~status, ddemo, svyciprop, method = "beta", vartype = c("se", "ci"))
print(bp, digits = 15)
bn <- svyby(~score, ~status, ddemo, svymean, covmat = TRUE, deff = "replace")
print(bn, digits = 15); show("demo svyby nps deff", bn[[grep("DEff", names(bn))]])
pairs_test(bn, ddemo, "demo pairs nps by status")

# change between two waves with clusters drawn afresh: the wave is a stratum
dwaves <- svydesign(id = ~azc, strata = ~wave, weights = ~weight, data = demo)
bw <- svyby(~item, ~wave, dwaves, svymean, covmat = TRUE)
ct <- svycontrast(bw, c(-1, 1))
show("waves svycontrast(svyby(~item,~wave,strata=~wave),c(-1,1))", coef(ct))
show("waves ... SE", SE(ct)); show("waves degf(dwaves)", degf(dwaves))
show("waves p = 2*pt(-abs(d/se), degf(dwaves))", 2 * pt(-abs(coef(ct) / SE(ct)), degf(dwaves)))

# simple random sample: no weights, no clusters
dsrs <- svydesign(id = ~1, data = demo)
m <- svymean(~item, dsrs, deff = "replace")
show("srs svymean(~item) mean", coef(m)); show("srs ... SE", SE(m)); show("srs ... deff", deff(m))
show("srs sd(item)/sqrt(n)", sd(demo$item) / sqrt(nrow(demo)))
