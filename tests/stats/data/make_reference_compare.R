# Reference values for tests/stats/test_compare.py and test_estimates.py (omnibus Wald tests,
# domain estimates through the ratings tables). Run once from the project root with R survey:
#   Rscript tests/stats/data/make_reference_compare.R
# It reads the fixtures written by make_reference.R and prints every expected number; the tests
# copy them with the R call beside each. The tests never need R.
suppressMessages(library(survey))
options(digits = 15)
here <- "tests/stats/data"
show <- function(label, x) cat(sprintf("%-70s %s\n", label, paste(format(x, digits = 15), collapse = " ")))
wald <- function(label, fit, term) {
  r <- regTermTest(fit, term)
  show(paste(label, "F df1 df2 p"), c(r$Ftest, r$df, fit$df.residual, r$p))
}

# apiclus1: one-stage cluster sample of school districts with FPC
clus1 <- read.csv(file.path(here, "api_clus1.csv"))
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = clus1, fpc = ~fpc)
wald("clus1 regTermTest(svyglm(api00 ~ stype, dclus1), ~stype)", svyglm(api00 ~ stype, dclus1), ~stype)
wald("clus1 regTermTest(svyglm(I(100*(api00>=700)) ~ stype), ~stype)",
     svyglm(I(100 * (api00 >= 700)) ~ stype, dclus1), ~stype)
wald("clus1 H,M only: regTermTest(svyglm(api00 ~ stype, subset(dclus1, stype != 'E')))",
     svyglm(api00 ~ stype, subset(dclus1, stype != "E")), ~stype)

# demo wave: 24 reception centres, weights, three statuses, missing answers
demo <- read.csv(file.path(here, "demo_survey.csv"))
ddemo <- svydesign(id = ~azc, weights = ~weight, data = demo)
wald("demo regTermTest(svyglm(item ~ status, ddemo), ~status)", svyglm(item ~ status, ddemo), ~status)
wald("demo regTermTest(svyglm(item_na ~ status, ddemo), ~status) (NA dropped)",
     svyglm(item_na ~ status, ddemo), ~status)
ddemo <- update(ddemo, score = 100 * ((nps >= 9) - (nps <= 6)))
wald("demo regTermTest(svyglm(score ~ status, ddemo), ~status)", svyglm(score ~ status, ddemo), ~status)
b <- svyby(~item_na, ~status, ddemo, svymean, na.rm = TRUE, deff = "replace")
print(b, digits = 15)
show("demo svyby(~item_na, ~status, na.rm=TRUE, deff='replace') DEff", b[[grep("DEff", names(b))]])
for (s in c("asiel", "nareis", "statushouder"))
  show(paste("demo degf(subset(ddemo, status ==", s, "& !is.na(item_na)))"),
       degf(subset(ddemo, status == s & !is.na(item_na))))
cp <- svyby(~I(item_na >= 4), ~status, subset(ddemo, !is.na(item_na)), svyciprop,
            method = "beta", vartype = c("se", "ci"))
print(cp, digits = 15)
